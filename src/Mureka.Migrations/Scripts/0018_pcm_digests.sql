-- The SHA-256 of the PCM each file was encoded from, as the host computed it: the audio's identity whatever its
-- container or tags (a re-tagged or re-wrapped WAV or FLAC decodes to the same PCM). Null for files stored before
-- hosts sent it.
alter table audio_objects add column pcm_sha256 text check (pcm_sha256 ~ '^[0-9a-f]{64}$');
