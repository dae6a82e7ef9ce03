-- Test mode: a generation made with an mk_test_ key renders normally but is never billed and never counts
-- against the plan's quota. The mode is taken from the key (api_keys.environment) once, when the generation
-- is stored, and kept on the row; everything after that reads the row. Existing rows are live.
alter table generations add column livemode boolean not null default true;

-- Test renders are still recorded in the ledger (usage reports and audits can see them), flagged here.
alter table usage_ledger add column livemode boolean not null default true;

-- A plan may allow test keys only short tracks (null: the plan's max_duration_ms applies to both).
alter table plans add column test_max_duration_ms integer check (test_max_duration_ms > 0);

-- The ledger row's mode is copied from its generation by the database, so no insert (from the completion
-- code or any path added later) can label test usage live by forgetting a column.
create function usage_ledger_set_livemode() returns trigger language plpgsql as $$
begin
    new.livemode := coalesce((select g.livemode from generations g where g.id = new.generation_id), true);
    return new;
end $$;

create trigger usage_ledger_livemode before insert on usage_ledger
    for each row execute function usage_ledger_set_livemode();

-- Quota: only live usage settles into usage_periods.
create or replace function usage_periods_add() returns trigger language plpgsql as $$
begin
    if not new.livemode then
        return new;
    end if;
    insert into usage_periods (tenant_id, period_start, rendered_ms)
    values (new.tenant_id, date_trunc('month', new.recorded_at at time zone 'UTC') at time zone 'UTC', new.rendered_ms)
    on conflict (tenant_id, period_start) do update set rendered_ms = usage_periods.rendered_ms + excluded.rendered_ms;
    return new;
end $$;

create or replace function usage_periods_remove() returns trigger language plpgsql as $$
begin
    if not old.livemode then
        return old;
    end if;
    update usage_periods set rendered_ms = rendered_ms - old.rendered_ms
    where tenant_id = old.tenant_id and period_start = date_trunc('month', old.recorded_at at time zone 'UTC') at time zone 'UTC';
    return old;
end $$;

-- Billing: only live usage becomes a Stripe meter event.
create or replace function billing_outbox_enqueue() returns trigger language plpgsql as $$
begin
    if not new.livemode then
        return new;
    end if;
    insert into billing_outbox (ledger_id, tenant_id, identifier, value_ms, event_at, next_attempt_at)
    values (new.id, new.tenant_id, 'mureka-gen-' || new.generation_id::text, new.rendered_ms, new.recorded_at, new.recorded_at);
    return new;
end
$$;

-- And the outbox itself refuses test usage, whoever inserts: test mode must never reach Stripe.
create function billing_outbox_refuse_test() returns trigger language plpgsql as $$
begin
    if exists (select 1 from usage_ledger l where l.id = new.ledger_id and not l.livemode) then
        raise exception 'ledger row % is test usage and is never billed', new.ledger_id using errcode = 'check_violation';
    end if;
    return new;
end $$;

create trigger billing_outbox_live_only before insert on billing_outbox
    for each row execute function billing_outbox_refuse_test();

