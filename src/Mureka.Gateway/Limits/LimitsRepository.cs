using Dapper;
using Npgsql;

namespace Mureka.Gateway.Limits;

/// <summary>Reads plans and per-tenant usage: what headers, the usage endpoint and the plan cache need.</summary>
public sealed class LimitsRepository(NpgsqlDataSource dataSource)
{
    internal const string PlanColumns =
        """
        p.id, p.name, p.max_duration_ms as MaxDurationMs, p.max_concurrent_jobs as MaxConcurrentJobs, p.priority::int as Priority,
        p.quota_ms as QuotaMs, p.requests_per_minute as RequestsPerMinute, p.overage_policy as OveragePolicy,
        p.test_max_duration_ms as TestMaxDurationMs, p.audio_retention_days as AudioRetentionDays,
        p.currency, p.price_per_second as PricePerSecond,
        p.max_adaptive_states as MaxAdaptiveStates, p.max_adaptive_set_ms as MaxAdaptiveSetMs
        """;

    public async Task<IReadOnlyList<PlanLimits>> ListPlansAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PlanLimits>(new CommandDefinition(
            $"select {PlanColumns} from plans p order by p.priority, p.id", cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Settled milliseconds of the period plus the requested milliseconds of open jobs, read in one snapshot.</summary>
    /// <summary>The tenant's plan, or null when there is no such tenant.</summary>
    public async Task<string?> GetTenantPlanIdAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select plan_id from tenants where id = @tenantId", new { tenantId }, cancellationToken: cancellationToken));
    }

    public async Task<QuotaUsage> GetQuotaUsageAsync(Guid tenantId, BillingPeriod period, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<QuotaUsage>(new CommandDefinition(
            QuotaUsage.Sql, new { tenantId, periodStart = period.Start }, cancellationToken: cancellationToken));
    }

    /// <summary>Live (billable) rendered milliseconds per period bucket and model from the ledger, in [from, to); test usage is left out.</summary>
    public async Task<IReadOnlyList<UsageRow>> GetUsageAsync(Guid tenantId, DateTimeOffset from, DateTimeOffset to, string granularity, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<UsageRow>(new CommandDefinition(
            """
            select date_trunc(@granularity, l.recorded_at at time zone 'UTC') as PeriodStart, l.model, sum(l.rendered_ms)::bigint as RenderedMs,
                   count(*)::int as Generations,
                   sum(coalesce(g.estimated_ms, (g.resolved->>'duration_ms')::bigint, l.rendered_ms))::bigint as EstimatedMs
            from usage_ledger l left join generations g on g.id = l.generation_id
            where l.tenant_id = @tenantId and l.recorded_at >= @from and l.recorded_at < @to and l.livemode
            group by 1, 2 order by 1, 2
            """, new { tenantId, from, to, granularity }, cancellationToken: cancellationToken));
        return rows.ToList();
    }
}

/// <summary>A tenant's standing in the current period: settled (ledger) and reserved (open jobs) milliseconds.</summary>
public sealed record QuotaUsage
{
    // One statement, so a job that finishes meanwhile is counted either as open or as settled, never both or neither.
    // Only live jobs reserve quota (test usage is never billed); every open job counts towards concurrency.
    internal const string Sql =
        """
        select coalesce((select rendered_ms from usage_periods where tenant_id = @tenantId and period_start = @periodStart), 0)::bigint as SettledMs,
               coalesce(sum((resolved->>'duration_ms')::bigint) filter (where livemode), 0)::bigint as ReservedMs,
               count(*)::int as OpenJobs
        from generations where tenant_id = @tenantId and status in ('queued', 'running')
        """;

    public long SettledMs { get; init; }

    public long ReservedMs { get; init; }

    public int OpenJobs { get; init; }

    public long UsedMs => SettledMs + ReservedMs;
}

/// <summary>One bucket of the usage report.</summary>
public sealed record UsageRow
{
    public DateTime PeriodStart { get; init; }

    public string Model { get; init; } = "";

    public long RenderedMs { get; init; }

    public int Generations { get; init; }

    /// <summary>What the same generations were estimated to bill when they were created.</summary>
    public long EstimatedMs { get; init; }
}
