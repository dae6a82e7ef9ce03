-- Plan limits the gateway enforces: a rendered-seconds quota per billing period (calendar month, UTC),
-- requests per minute per API key, and what happens past the quota ('block': refuse with 402;
-- 'bill': accept and bill the overage). max_duration_ms, max_concurrent_jobs and priority exist already.
alter table plans
    add column quota_ms bigint not null default 600000 check (quota_ms >= 0),
    add column requests_per_minute integer not null default 60 check (requests_per_minute > 0),
    add column overage_policy text not null default 'block' check (overage_policy in ('block', 'bill'));

update plans set quota_ms = 600000, requests_per_minute = 60, overage_policy = 'block' where id = 'free';
update plans set quota_ms = 36000000, requests_per_minute = 3000, overage_policy = 'block' where id = 'pro';
update plans set quota_ms = 360000000, requests_per_minute = 12000, overage_policy = 'bill' where id = 'enterprise';

-- Settled rendered milliseconds per tenant and billing period, kept by a trigger on the ledger so that
-- every ledger row counts exactly once and no code path can forget it. Admission reads one row of it
-- instead of summing the ledger.
create table usage_periods (
    tenant_id    uuid not null references tenants (id),
    period_start timestamptz not null,
    rendered_ms  bigint not null check (rendered_ms >= 0),
    primary key (tenant_id, period_start)
);

create function usage_periods_add() returns trigger language plpgsql as $$
begin
    insert into usage_periods (tenant_id, period_start, rendered_ms)
    values (new.tenant_id, date_trunc('month', new.recorded_at at time zone 'UTC') at time zone 'UTC', new.rendered_ms)
    on conflict (tenant_id, period_start) do update set rendered_ms = usage_periods.rendered_ms + excluded.rendered_ms;
    return new;
end $$;

create trigger usage_ledger_counts after insert on usage_ledger for each row execute function usage_periods_add();

-- A ledger row removed (an operator's correction) stops counting too.
create function usage_periods_remove() returns trigger language plpgsql as $$
begin
    update usage_periods set rendered_ms = rendered_ms - old.rendered_ms
    where tenant_id = old.tenant_id and period_start = date_trunc('month', old.recorded_at at time zone 'UTC') at time zone 'UTC';
    return old;
end $$;

create trigger usage_ledger_uncounts after delete on usage_ledger for each row execute function usage_periods_remove();

insert into usage_periods (tenant_id, period_start, rendered_ms)
select tenant_id, date_trunc('month', recorded_at at time zone 'UTC') at time zone 'UTC', sum(rendered_ms)
from usage_ledger group by 1, 2;

-- Open jobs are the reservations: admission counts them per tenant under the tenant's row lock.
create index generations_tenant_open on generations (tenant_id) where status in ('queued', 'running');
