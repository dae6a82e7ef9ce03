-- Licence certificates (GET /v1/generations/{id}/license): signed with ES256 by keys kept here. The gateway makes the
-- first key when it first needs one; a rotation retires the signing key and adds a new one. Retired keys stay published
-- (GET /.well-known/mureka-license-keys.json), because the certificates they signed must keep verifying.
create table license_signing_keys (
    kid          text primary key check (kid ~ '^[A-Za-z0-9_-]{1,64}$'),
    private_key  bytea not null,               -- PKCS#8 DER
    public_x     text not null,                -- the P-256 point, base64url, as the JWK publishes it
    public_y     text not null,
    created_at   timestamptz not null,
    retired_at   timestamptz
);

-- At most one key signs at a time; two replicas making the first key race here and one wins.
create unique index license_signing_keys_one_signing on license_signing_keys ((retired_at is null)) where retired_at is null;

-- A generation's certificate is issued once, on first request, with the terms of the tenant's plan then, and served
-- as issued from then on: terms do not change under a delivered file when the plan changes later.
create table licenses (
    generation_id  uuid primary key references generations (id) on delete cascade,
    license_id     text not null unique,
    kid            text not null references license_signing_keys (kid),
    certificate    text not null,
    issued_at      timestamptz not null
);
