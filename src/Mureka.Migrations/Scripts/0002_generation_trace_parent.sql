-- The W3C traceparent of the request that created a generation, so the dispatch span and the host
-- call continue the caller's trace even when another replica (or a restarted gateway) runs the job.
alter table generations add column trace_parent text;
