-- Tenants, plans, API keys, generations, stored audio and the usage ledger.
-- Timestamps are timestamptz and written by the application (TimeProvider), never by now().

create table plans (
    id                   text primary key,
    name                 text not null,
    max_duration_ms      integer not null check (max_duration_ms > 0),
    max_concurrent_jobs  integer not null check (max_concurrent_jobs > 0),
    priority             smallint not null default 0
);

insert into plans (id, name, max_duration_ms, max_concurrent_jobs, priority) values
    ('free', 'Free', 60000, 2, 0),
    ('pro', 'Pro', 300000, 16, 1),
    ('enterprise', 'Enterprise', 300000, 64, 2);

create table tenants (
    id          uuid primary key,
    name        text not null check (length(name) between 1 and 200),
    plan_id     text not null references plans (id),
    created_at  timestamptz not null,
    suspended_at timestamptz
);

-- Only a SHA-256 of each key is kept. Keys carry 190+ bits of randomness, so a fast hash is
-- enough; the hash is the lookup, and the comparison after it is constant time.
create table api_keys (
    id           uuid primary key,
    tenant_id    uuid not null references tenants (id),
    name         text not null,
    environment  text not null check (environment in ('live', 'test')),
    -- First characters of the key ("mk_live_AbCd"), safe to show in listings and logs.
    display_prefix text not null,
    key_hash     bytea not null unique,
    created_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

create index api_keys_tenant on api_keys (tenant_id);

create table generations (
    id            uuid primary key,
    tenant_id     uuid not null references tenants (id),
    status        text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'canceled')),
    model         text not null,
    request       jsonb not null,
    resolved      jsonb not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    started_at    timestamptz,
    finished_at   timestamptz,
    -- A job never waits or runs past this; the dispatcher fails it with a reason.
    deadline_at   timestamptz not null,
    error         text,
    host          text,
    attempts      integer not null default 0,
    rendered_ms   bigint,
    metadata      jsonb,
    cancel_requested boolean not null default false
);

create index generations_tenant_page on generations (tenant_id, created_at desc, id desc);
create index generations_open on generations (created_at) where status in ('queued', 'running');

create table audio_objects (
    generation_id uuid not null references generations (id) on delete cascade,
    name          text not null,
    content_type  text not null,
    size_bytes    bigint not null check (size_bytes >= 0),
    sha256        text not null,
    storage_key   text not null,
    created_at    timestamptz not null,
    primary key (generation_id, name)
);

-- One row per finished generation: the source of truth for metering.
create table usage_ledger (
    id            bigint generated always as identity primary key,
    tenant_id     uuid not null references tenants (id),
    generation_id uuid not null unique references generations (id),
    model         text not null,
    rendered_ms   bigint not null check (rendered_ms >= 0),
    recorded_at   timestamptz not null
);

create index usage_ledger_tenant_time on usage_ledger (tenant_id, recorded_at);
