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

    // The members of one request (one row, or a batch of variations) are admitted together or not at all: the
    // concurrency limit counts every member and the quota their summed seconds. Per-member values come as arrays.
    // Only the first member carries the idempotency reservation; under the tenant lock, "not exists" sees a
    // reservation an earlier attempt already used, so a retried batch inserts none of its members again.
    private const string AdmitSql =
        $"""
        with plan as (
            select {LimitsRepository.PlanColumns} from tenants t join plans p on p.id = t.plan_id where t.id = @tenantId),
        usage as ({QuotaUsage.Sql}),
        inserted as (
            insert into generations (id, tenant_id, status, model, request, resolved, created_at, updated_at, deadline_at, trace_parent, idempotency_id, livemode, title, labels, batch_id, parent_id, estimated_ms, kind)
            select m.id, @tenantId, @Status, @Model, @Request::jsonb, m.resolved::jsonb, @CreatedAt, @UpdatedAt, @DeadlineAt, @TraceParent,
                   case when m.ordinal = 1 then @IdempotencyId end, @Livemode, @Title, @Labels::jsonb, @BatchId, @ParentId, m.estimated_ms, @Kind
            from plan, usage, unnest(@Ids::uuid[], @Resolved::text[], @EstimatedMs::bigint[]) with ordinality as m(id, resolved, estimated_ms, ordinal)
            where usage.OpenJobs + @Count <= plan.MaxConcurrentJobs
              and ({WithinQuota})
              and not exists (select 1 from generations g where @IdempotencyId::uuid is not null and g.idempotency_id = @IdempotencyId::uuid)
            on conflict (idempotency_id) do nothing
            returning 1)
        select plan.MaxConcurrentJobs, plan.QuotaMs, plan.OveragePolicy, usage.SettledMs, usage.ReservedMs, usage.OpenJobs,
               (select count(*) from inserted)::int as Inserted,
               usage.OpenJobs + @Count <= plan.MaxConcurrentJobs and ({WithinQuota}) as Allowed
        from plan, usage
        """;

    /// <summary>
    /// Inserts the jobs of one request when the tenant's plan allows all of them, or none. Concurrent admissions
    /// of one tenant are serialised by a row lock on the tenant, so parallel requests cannot together overspend the quota.
    /// </summary>
    /// <param name="records">One job, or a batch's members: tenant, request, times, mode, title, labels, batch and parent are the first's; each has its own id, resolved spec and estimate.</param>
    /// <param name="requestedMs">The seconds all of them reserve together.</param>
    /// <param name="idempotencyId">The Idempotency-Key reservation, if any: jobs under it are inserted once.</param>
    /// <returns>
    /// Whether the jobs were inserted (false: the reservation already has its jobs), and the tenant's quota and used
    /// (settled plus reserved, these jobs included when live) milliseconds. Test jobs are admitted whatever the quota says.
    /// </returns>
    /// <exception cref="LimitExceededException">The quota (plan policy <c>block</c>) or the concurrency limit refused them; nothing was written.</exception>
    public async Task<(bool Inserted, long QuotaMs, long UsedMs)> InsertWithinLimitsAsync(
        IReadOnlyList<GenerationRecord> records, long requestedMs, BillingPeriod period, Guid? idempotencyId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(records.Count);
        var record = records[0];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var lockTenant = new NpgsqlBatchCommand(LockTenantSql);
        lockTenant.Parameters.AddWithValue("tenantId", record.TenantId);
        batch.BatchCommands.Add(lockTenant);
        var admit = new NpgsqlBatchCommand(AdmitSql);
        admit.Parameters.AddWithValue("Ids", records.Select(r => r.Id).ToArray());
        admit.Parameters.AddWithValue("Resolved", records.Select(r => r.Resolved).ToArray());
        admit.Parameters.AddWithValue("EstimatedMs", records.Select(r => r.EstimatedMs ?? 0).ToArray());
        admit.Parameters.AddWithValue("Count", records.Count);
        admit.Parameters.Add(new NpgsqlParameter("BatchId", NpgsqlDbType.Uuid) { Value = (object?)record.BatchId ?? DBNull.Value });
        admit.Parameters.Add(new NpgsqlParameter("ParentId", NpgsqlDbType.Uuid) { Value = (object?)record.ParentId ?? DBNull.Value });
        admit.Parameters.AddWithValue("Status", record.Status);
        admit.Parameters.AddWithValue("Model", record.Model);
        admit.Parameters.AddWithValue("Kind", record.Kind);
        admit.Parameters.AddWithValue("Request", record.Request);
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

            admission = new Admission(reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt32(5), reader.GetInt32(6) > 0, reader.GetBoolean(7));
        }

        return admission.Allowed
            ? (admission.Inserted, admission.QuotaMs, admission.SettledMs + admission.ReservedMs + (admission.Inserted && record.Livemode ? requestedMs : 0))
            : throw new LimitExceededException(Violation(admission, records.Count, requestedMs, period, Utc(record.CreatedAt)));
    }

    private static LimitViolation Violation(Admission a, int count, long requestedMs, BillingPeriod period, DateTimeOffset now)
    {
        if (a.OpenJobs + count > a.MaxConcurrentJobs)
        {
            return new LimitViolation(LimitViolation.ConcurrentJobs, a.MaxConcurrentJobs, a.OpenJobs, count, null, RetryAfterSeconds: 5);
        }

        var used = a.SettledMs + a.ReservedMs;
        return new LimitViolation(LimitViolation.RenderedSeconds, a.QuotaMs / 1000.0, used / 1000.0, requestedMs / 1000.0, period.End, (int)Math.Min(int.MaxValue, period.SecondsLeft(now)));
    }

    private sealed record Admission(int MaxConcurrentJobs, long QuotaMs, string OveragePolicy, long SettledMs, long ReservedMs, int OpenJobs, bool Inserted, bool Allowed);
}
