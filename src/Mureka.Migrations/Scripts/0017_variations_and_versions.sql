-- Variations: one request for n tracks stores n generations that share a batch id. Each is a generation in its
-- own right (rendered, billed and licensed alone); the batch id only groups them, so there is no batch table
-- to keep in step. Only the first member carries the request's idempotency reservation.
alter table generations add column batch_id uuid;

create index generations_batch on generations (tenant_id, batch_id) where batch_id is not null;

-- Versions: a cut-down or an alternative mix of an existing track names it as its parent. The parent's row
-- outlives its audio (retention deletes files, not rows), so the link holds as long as both rows exist.
alter table generations add column parent_id uuid references generations (id) on delete set null;

create index generations_parent on generations (tenant_id, parent_id) where parent_id is not null;
