-- A plan's list price per rendered second, so a caller can learn what a render will cost before asking for it.
-- Stripe's price is what invoices; this is its mirror for estimates, set by an operator alongside it
-- (mureka admin plans price). Null on both: no price is known here, and estimates say so.
alter table plans
    add column currency text check (currency ~ '^[a-z]{3}$'),
    add column price_per_second numeric(12, 6) check (price_per_second >= 0),
    add constraint plans_price_complete check ((currency is null) = (price_per_second is null));

-- The free plan costs nothing: it blocks at its quota instead of billing.
update plans set currency = 'usd', price_per_second = 0 where id = 'free';
