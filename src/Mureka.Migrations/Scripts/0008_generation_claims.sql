-- Each claim of a job gets its own id. Completion, failure, requeue and lease renewal are guarded by
-- it, so a runner whose lease was taken over (even by its own replica, on a later claim) can no longer
-- change the job, and each attempt's audio lives under its own storage keys.
alter table generations add column claim_id uuid;

-- The orphan sweep asks which stored objects have a row.
create index audio_objects_storage_key on audio_objects (storage_key);
