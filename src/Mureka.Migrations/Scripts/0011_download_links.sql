-- The key that signs expiring download links (GET /v1/downloads/{token}). Every gateway replica must sign and verify
-- with the same key, so it lives here rather than in each replica's configuration; it is made once, at random, by
-- this migration (two v4 UUIDs: 244 random bits) and never leaves the database except into a gateway's memory.
create table url_signing_keys (
    id          smallint primary key,
    secret      bytea not null check (length(secret) >= 32),
    created_at  timestamptz not null default now()
);

insert into url_signing_keys (id, secret)
values (1, decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
