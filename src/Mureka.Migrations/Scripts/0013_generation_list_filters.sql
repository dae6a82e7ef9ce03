-- The generation list filtered by status pages along this index the way the unfiltered list pages along
-- generations_tenant_page (a genre filter reads the tenant's page index and checks each row).
create index generations_tenant_status_page on generations (tenant_id, status, created_at desc, id desc);
