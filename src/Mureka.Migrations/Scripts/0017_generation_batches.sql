-- Variations: one request for n tracks stores n generations that share a batch id. Each is a generation in its
-- own right (rendered, billed and licensed alone); the batch id only groups them, so there is no batch table
-- to keep in step. Only the first member carries the request's idempotency reservation.
alter table generations add column batch_id uuid;

create index generations_batch on generations (tenant_id, batch_id) where batch_id is not null;
