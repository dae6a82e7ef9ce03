-- Billing: each tenant's Stripe customer, a transactional outbox of Stripe meter events fed by the usage
-- ledger, and the Stripe webhook events already handled.

alter table tenants
    add column stripe_customer_id text unique,
    -- Why the tenant is suspended: null = by an operator; 'payment_failed' = by billing, lifted when an invoice is paid.
    add column suspended_reason text,
    -- Created time of the last Stripe event applied to the plan and to the payment state: Stripe does not deliver
    -- webhooks in order, so an older event arriving late must not undo a newer one.
    add column stripe_plan_event_at timestamptz,
    add column stripe_payment_event_at timestamptz;

-- One row per ledger row: the meter event that bills it. Rows are never deleted; sent_at or abandoned_at
-- closes them, so reconciliation can always say where every rendered millisecond went.
create table billing_outbox (
    -- The ledger is append-only; should a row ever be removed (a correction), its event goes with it, and
    -- reconciliation shows Stripe above the ledger if it had already been sent.
    ledger_id       bigint primary key references usage_ledger (id) on delete cascade,
    tenant_id       uuid not null references tenants (id),
    -- Deterministic, so every retry (from any replica, after any restart) is the same event to Stripe.
    identifier      text not null unique,
    value_ms        bigint not null check (value_ms >= 0),
    event_at        timestamptz not null,
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null,
    sent_at         timestamptz,
    abandoned_at    timestamptz,
    abandon_reason  text check (abandon_reason in ('expired', 'rejected')),
    last_error      text
);

create index billing_outbox_pending on billing_outbox (tenant_id, event_at) where sent_at is null and abandoned_at is null;
create index billing_outbox_due on billing_outbox (next_attempt_at) where sent_at is null and abandoned_at is null;

-- A trigger rather than a call in the completion code: every insert into the ledger, from any code path now
-- or later, gets its outbox row in the same transaction, and the completion transaction stays untouched.
-- Timestamps are copied from the ledger row (written by the application's clock), not taken from now().
create function billing_outbox_enqueue() returns trigger language plpgsql as $$
begin
    insert into billing_outbox (ledger_id, tenant_id, identifier, value_ms, event_at, next_attempt_at)
    values (new.id, new.tenant_id, 'mureka-gen-' || new.generation_id::text, new.rendered_ms, new.recorded_at, new.recorded_at);
    return new;
end
$$;

create trigger usage_ledger_billing_outbox after insert on usage_ledger
    for each row execute function billing_outbox_enqueue();

-- Usage recorded before this migration is billed too (or marked expired when older than Stripe accepts).
insert into billing_outbox (ledger_id, tenant_id, identifier, value_ms, event_at, next_attempt_at)
select id, tenant_id, 'mureka-gen-' || generation_id::text, rendered_ms, recorded_at, recorded_at from usage_ledger;

create table stripe_webhook_events (
    id          text primary key,
    type        text not null,
    received_at timestamptz not null
);
