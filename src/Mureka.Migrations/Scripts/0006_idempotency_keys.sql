-- Idempotency-Key: one row per (tenant, key) holding the first response, kept 24 hours.
-- A request reserves its row (in_progress, locked until locked_until) before it runs; the row is
-- completed with the response, or deleted when the response is a 5xx so the key can be retried.
create table idempotency_keys (
    tenant_id        uuid not null references tenants (id),
    key              text not null check (length(key) between 1 and 255),
    -- Stays the same while one request owns the row (also across a stale-lock takeover), so work
    -- stamped with it (generations.idempotency_id) is found again instead of being done twice.
    reservation_id   uuid not null,
    fingerprint      bytea not null,
    status           text not null check (status in ('in_progress', 'completed')),
    response_status  integer,
    response_headers jsonb,
    response_body    bytea,
    created_at       timestamptz not null,
    locked_until     timestamptz not null,
    expires_at       timestamptz not null,
    primary key (tenant_id, key)
);

create index idempotency_keys_expiry on idempotency_keys (expires_at);

-- The reservation that created a generation: a retry after a crash between "job stored" and
-- "response stored" finds this job instead of inserting a second one.
alter table generations add column idempotency_id uuid unique;
