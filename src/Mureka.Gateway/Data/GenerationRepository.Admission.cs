using Dapper;
using Mureka.Gateway.Limits;

namespace Mureka.Gateway.Data;

/// <summary>
/// Admission under the plan's quota and concurrency limits. Reservations are derived, not stored: the
/// requested milliseconds of the tenant's queued and running jobs. Success settles a reservation into
/// the ledger (and <c>usage_periods</c>) in the completion transaction; failure, cancel, deadline and
/// refusal release it by leaving the open states. So no terminal path can forget to release one.
/// </summary>
public sealed partial class GenerationRepository
{
    /// <summary>
    /// Inserts the job when the tenant's plan allows it. Concurrent admissions of one tenant are serialised
    /// by a row lock on the tenant, so parallel requests cannot together overspend the quota.
    /// </summary>
    /// <exception cref="LimitExceededException">The quota (plan policy <c>block</c>) or the concurrency limit refused it; nothing was written.</exception>
    public async Task InsertWithinLimitsAsync(GenerationRecord record, long requestedMs, BillingPeriod period, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var plan = await connection.QuerySingleAsync<PlanLimits>(new CommandDefinition(
            $"select {LimitsRepository.PlanColumns} from tenants t join plans p on p.id = t.plan_id where t.id = @tenantId for update of t",
            new { tenantId = record.TenantId }, transaction, cancellationToken: cancellationToken));

        // A fresh statement after the lock: read committed gives it a snapshot that includes every admission that held the lock before.
        var usage = await connection.QuerySingleAsync<QuotaUsage>(new CommandDefinition(
            QuotaUsage.Sql, new { tenantId = record.TenantId, periodStart = period.Start }, transaction, cancellationToken: cancellationToken));

        if (usage.OpenJobs >= plan.MaxConcurrentJobs)
        {
            throw new LimitExceededException(new LimitViolation(LimitViolation.ConcurrentJobs, plan.MaxConcurrentJobs, usage.OpenJobs, 1, null, RetryAfterSeconds: 5));
        }

        if (!plan.BillsOverage && usage.UsedMs + requestedMs > plan.QuotaMs)
        {
            var retryAfter = (int)Math.Min(int.MaxValue, (period.End - Utc(record.CreatedAt)).TotalSeconds);
            throw new LimitExceededException(new LimitViolation(
                LimitViolation.RenderedSeconds, plan.QuotaMs / 1000.0, usage.UsedMs / 1000.0, requestedMs / 1000.0, period.End, Math.Max(1, retryAfter)));
        }

        await connection.ExecuteAsync(new CommandDefinition(InsertSql, InsertParameters(record), transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
