-- How long a plan keeps rendered audio, counted from when it was stored (null: for as long as the generation
-- exists). Past it, downloads answer 410 and the retention sweep deletes the objects and their rows.
alter table plans add column audio_retention_days integer check (audio_retention_days between 1 and 36500);

update plans set audio_retention_days = 7 where id = 'free';
update plans set audio_retention_days = 90 where id = 'pro';
update plans set audio_retention_days = 365 where id = 'enterprise';

-- When the sweep removed the generation's audio (null while it has any, or never had).
alter table generations add column audio_expired_at timestamptz;

-- The sweep walks audio oldest first.
create index audio_objects_created_at on audio_objects (created_at);
