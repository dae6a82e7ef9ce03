-- Leases: the gateway replica that claims a job owns it until lease_expires_at and renews the lease
-- while the job runs. A running job whose lease expired (its gateway died) is queued again by any
-- replica, which replaces the single-replica "requeue everything running on start".
alter table generations add column lease_owner text, add column lease_expires_at timestamptz;
create index generations_running_lease on generations (lease_expires_at) where status = 'running';
