-- Tenant webhooks: endpoints, one event per generation that finished as succeeded or failed, one
-- delivery per (event, endpoint) and one log row per delivery attempt.
--
-- Events are written by a trigger on generations, so every path that finishes a job (completion,
-- dispatcher failures, queue timeouts, the deadline sweeper, paths added later) writes its events in
-- the same transaction as the status change: a transactional outbox nobody can forget to call.
-- The event holds no snapshot of the generation: a finished generation never changes, so the sender
-- renders the same view GET /v1/generations/{id} returns at send time.

create table webhook_endpoints (
    id          uuid primary key,
    tenant_id   uuid not null references tenants (id),
    url         text not null check (length(url) <= 2048),
    description text check (length(description) <= 500),
    events      text[] not null check (cardinality(events) > 0),
    -- The HMAC key. It must be readable to sign, so it cannot be hashed like an API key; it is
    -- shown to the tenant only when created or rotated and never logged.
    secret      text not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);

create index webhook_endpoints_tenant on webhook_endpoints (tenant_id, created_at, id);

create table webhook_events (
    id            text primary key,
    tenant_id     uuid not null references tenants (id),
    type          text not null check (type in ('generation.succeeded', 'generation.failed')),
    generation_id uuid not null references generations (id) on delete cascade,
    created_at    timestamptz not null,
    unique (generation_id, type)
);

create table webhook_deliveries (
    id              bigint generated always as identity primary key,
    event_id        text not null references webhook_events (id) on delete cascade,
    endpoint_id     uuid not null references webhook_endpoints (id) on delete cascade,
    status          text not null check (status in ('pending', 'delivered', 'failed')),
    attempts        integer not null default 0,
    -- Pending: when the next attempt is due. A replica that claims an attempt pushes it past the
    -- send timeout, so no other replica sends it meanwhile; if that replica dies, it is simply due again.
    next_attempt_at timestamptz,
    delivered_at    timestamptz,
    unique (event_id, endpoint_id)
);

create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';

create table webhook_attempts (
    id               bigint generated always as identity primary key,
    delivery_id      bigint not null references webhook_deliveries (id) on delete cascade,
    endpoint_id      uuid not null references webhook_endpoints (id) on delete cascade,
    attempt          integer not null,
    attempted_at     timestamptz not null,
    status_code      integer,
    response_time_ms integer not null,
    error            text,
    -- Null when this attempt delivered the event or was the last one allowed.
    next_retry_at    timestamptz,
    delivered        boolean not null,
    unique (delivery_id, attempt)
);

create index webhook_attempts_endpoint_page on webhook_attempts (endpoint_id, id desc);

-- Timestamps come from the row the application wrote (updated_at, set from its TimeProvider), not now().
create function webhook_enqueue_generation_event() returns trigger language plpgsql as $$
declare
    event_type text := 'generation.' || new.status;
    event_id   text;
begin
    if not exists (select 1 from webhook_endpoints where tenant_id = new.tenant_id and event_type = any (events)) then
        return new;
    end if;

    event_id := 'evt_' || replace(gen_random_uuid()::text, '-', '');
    insert into webhook_events (id, tenant_id, type, generation_id, created_at)
    values (event_id, new.tenant_id, event_type, new.id, new.updated_at)
    on conflict (generation_id, type) do nothing;
    if not found then
        return new;
    end if;

    -- Key-share locks make a concurrent endpoint delete wait for this transaction (then cascade) or, when it
    -- committed first, skip that endpoint: a delete can never make the status change itself fail.
    insert into webhook_deliveries (event_id, endpoint_id, status, next_attempt_at)
    select event_id, e.id, 'pending', new.updated_at
    from webhook_endpoints e where e.tenant_id = new.tenant_id and event_type = any (e.events)
    for key share of e;
    return new;
end;
$$;

create trigger generations_webhook_events
    after update of status on generations
    for each row
    when (new.status in ('succeeded', 'failed') and old.status is distinct from new.status)
    execute function webhook_enqueue_generation_event();
