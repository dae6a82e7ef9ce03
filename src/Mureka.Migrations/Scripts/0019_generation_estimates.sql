-- What each generation was estimated to bill when it was created (its rendered length for a live key, 0 for a test
-- key), kept so usage can show what was billed against what was quoted. Null for rows from before it was kept.
alter table generations add column estimated_ms bigint check (estimated_ms >= 0);
