using Mureka.Gateway.Limits;
using Npgsql;
using NpgsqlTypes;

namespace Mureka.Gateway.Data;

/// <summary>
/// Admission under the plan's quota and concurrency limits. Reservations are derived, not stored: the
/// requested milliseconds of the tenant's queued and running jobs. Success settles a reservation into
/// the ledger (and <c>usage_periods</c>) in the completion transaction; failure, cancel, deadline and
/// refusal release it by leaving the open states. So no terminal path can forget to release one. Test-mode jobs
/// (<see cref="GenerationRecord.Livemode"/> false) reserve nothing and never settle into the quota.
/// </summary>
public sealed partial class GenerationRepository
{
    // Statement 1 takes the tenant's row lock; statement 2, a fresh snapshot under read committed, sees every
    // admission that held the lock before and inserts only when the plan allows it. Sent as one batch without
    // an explicit transaction, PostgreSQL runs both in one implicit transaction that commits (and releases the
    // lock) at the batch's end: one round trip per admission.
    private const string LockTenantSql = "select 1 from tenants where id = @tenantId for update";

    // A test job never spends quota (it is never billed); it still counts as an open job, since it occupies hosts like any other.
    private const string WithinQuota = "not @Livemode or plan.OveragePolicy = 'bill' or usage.SettledMs + usage.ReservedMs + @RequestedMs <= plan.QuotaMs";

    private const string AdmitSql =
        $"""
        with plan as (
            select {LimitsRepository.PlanColumns} from tenants t join plans p on p.id = t.plan_id where t.id = @tenantId),
        usage as ({QuotaUsage.Sql}),
        inserted as (
            insert into generations (id, tenant_id, status, model, request, resolved, created_at, updated_at, deadline_at, trace_parent, idempotency_id, livemode, title, labels)
            select @Id, @tenantId, @Status, @Model, @Request::jsonb, @Resolved::jsonb, @CreatedAt, @UpdatedAt, @DeadlineAt, @TraceParent, @IdempotencyId, @Livemode, @Title, @Labels::jsonb
            from plan, usage
            where usage.OpenJobs < plan.MaxConcurrentJobs
              and ({WithinQuota})
            on conflict (idempotency_id) do nothing
            returning 1)
        select plan.MaxConcurrentJobs, plan.QuotaMs, plan.OveragePolicy, usage.SettledMs, usage.ReservedMs, usage.OpenJobs,
               (select count(*) from inserted)::int as Inserted,
               usage.OpenJobs < plan.MaxConcurrentJobs and ({WithinQuota}) as Allowed
        from plan, usage
        """;

    /// <summary>
    /// Inserts the job when the tenant's plan allows it. Concurrent admissions of one tenant are serialised
    /// by a row lock on the tenant, so parallel requests cannot together overspend the quota.
    /// </summary>
    /// <param name="idempotencyId">The Idempotency-Key reservation, if any: a second job under it is not inserted.</param>
    /// <returns>
    /// Whether the job was inserted (false: the reservation already has its job), and the tenant's quota and used
    /// (settled plus reserved, this job included when it is live) milliseconds. A test job is admitted whatever the quota says.
    /// </returns>
    /// <exception cref="LimitExceededException">The quota (plan policy <c>block</c>) or the concurrency limit refused it; nothing was written.</exception>
    public async Task<(bool Inserted, long QuotaMs, long UsedMs)> InsertWithinLimitsAsync(
        GenerationRecord record, long requestedMs, BillingPeriod period, Guid? idempotencyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var lockTenant = new NpgsqlBatchCommand(LockTenantSql);
        lockTenant.Parameters.AddWithValue("tenantId", record.TenantId);
        batch.BatchCommands.Add(lockTenant);
        var admit = new NpgsqlBatchCommand(AdmitSql);
        admit.Parameters.AddWithValue("Id", record.Id);
        admit.Parameters.AddWithValue("Status", record.Status);
        admit.Parameters.AddWithValue("Model", record.Model);
        admit.Parameters.AddWithValue("Request", record.Request);
        admit.Parameters.AddWithValue("Resolved", record.Resolved);
        admit.Parameters.AddWithValue("CreatedAt", Utc(record.CreatedAt));
        admit.Parameters.AddWithValue("UpdatedAt", Utc(record.UpdatedAt));
        admit.Parameters.AddWithValue("DeadlineAt", Utc(record.DeadlineAt));
        admit.Parameters.Add(new NpgsqlParameter("TraceParent", NpgsqlDbType.Text) { Value = (object?)record.TraceParent ?? DBNull.Value });
        admit.Parameters.AddWithValue("RequestedMs", requestedMs);
        admit.Parameters.AddWithValue("Livemode", record.Livemode);
        admit.Parameters.Add(new NpgsqlParameter("Title", NpgsqlDbType.Text) { Value = (object?)record.Title ?? DBNull.Value });
        admit.Parameters.AddWithValue("Labels", record.Labels);
        admit.Parameters.Add(new NpgsqlParameter("IdempotencyId", NpgsqlDbType.Uuid) { Value = (object?)idempotencyId ?? DBNull.Value });
        admit.Parameters.AddWithValue("periodStart", period.Start);
        admit.Parameters.AddWithValue("tenantId", record.TenantId);
        batch.BatchCommands.Add(admit);

        // Prepared once per physical connection (Npgsql keeps it): the admission statement is planned once, not per request.
        await batch.PrepareAsync(cancellationToken);
        Admission admission;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // The lock statement's row, then the admission's.
            await reader.NextResultAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"tenant {record.TenantId} does not exist");
            }

            admission = new Admission(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt32(5), reader.GetInt32(6) == 1, reader.GetBoolean(7));
        }

        return admission.Allowed
            ? (admission.Inserted, admission.QuotaMs, admission.SettledMs + admission.ReservedMs + (admission.Inserted && record.Livemode ? requestedMs : 0))
            : throw new LimitExceededException(Violation(admission, requestedMs, period, Utc(record.CreatedAt)));
    }

    private static LimitViolation Violation(Admission a, long requestedMs, BillingPeriod period, DateTimeOffset now)
    {
        if (a.OpenJobs >= a.MaxConcurrentJobs)
        {
            return new LimitViolation(LimitViolation.ConcurrentJobs, a.MaxConcurrentJobs, a.OpenJobs, 1, null, RetryAfterSeconds: 5);
        }

        var used = a.SettledMs + a.ReservedMs;
        return new LimitViolation(LimitViolation.RenderedSeconds, a.QuotaMs / 1000.0, used / 1000.0, requestedMs / 1000.0, period.End, (int)Math.Min(int.MaxValue, period.SecondsLeft(now)));
    }

    private sealed record Admission(int MaxConcurrentJobs, long QuotaMs, string OveragePolicy, long SettledMs, long ReservedMs, int OpenJobs, bool Inserted, bool Allowed);
}
