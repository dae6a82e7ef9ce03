-- Adaptive sets (POST /v1/adaptive-sets) are jobs of their own kind in generations, not a table of their own: a set
-- is queued, claimed under a lease, rendered by one host call, stored, billed, settled into the ledger and announced
-- by webhook exactly like a track, so every path that already keeps those promises (lease takeover, the deadline
-- sweep, the billing outbox, quota reservations, retention) keeps them for sets without a second copy of itself.
-- A set's resolved document also carries duration_ms (what it bills), which queueing and quota reservations read.
-- Track-only reads (listing, versions, extensions, licences) filter on kind = 'track'.
alter table generations add column kind text not null default 'track' check (kind in ('track', 'adaptive_set'));

-- Per-plan bounds of one set; null: only the service-wide bounds (AdaptiveLimits) apply.
alter table plans
    add column max_adaptive_states integer check (max_adaptive_states > 0),
    add column max_adaptive_set_ms bigint check (max_adaptive_set_ms > 0);

update plans set max_adaptive_states = 2, max_adaptive_set_ms = 120000 where id = 'free';
update plans set max_adaptive_states = 6, max_adaptive_set_ms = 600000 where id = 'pro';
update plans set max_adaptive_states = 8, max_adaptive_set_ms = 1200000 where id = 'enterprise';

-- A set's webhook events are adaptive_set.succeeded and adaptive_set.failed, so an endpoint subscribes to what it can read.
alter table webhook_events drop constraint webhook_events_type_check;
alter table webhook_events add constraint webhook_events_type_check
    check (type in ('generation.succeeded', 'generation.failed', 'adaptive_set.succeeded', 'adaptive_set.failed'));

create or replace function webhook_enqueue_generation_event() returns trigger language plpgsql as $$
declare
    event_type text := case when new.kind = 'adaptive_set' then 'adaptive_set.' else 'generation.' end || new.status;
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

    insert into webhook_deliveries (event_id, endpoint_id, status, next_attempt_at)
    select event_id, e.id, 'pending', new.updated_at
    from webhook_endpoints e where e.tenant_id = new.tenant_id and event_type = any (e.events)
    for key share of e;
    return new;
end;
$$;
