-- What a key may do (every operation requires one scope) and, for a key replaced by a rotation with a grace period,
-- when it stops working. Keys made before scopes existed keep full access.
alter table api_keys
    add column scopes text[] not null default array['generate', 'read', 'webhooks', 'keys']
        check (cardinality(scopes) > 0 and scopes <@ array['generate', 'read', 'webhooks', 'keys']),
    add column expires_at timestamptz;
