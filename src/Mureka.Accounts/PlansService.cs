using Dapper;
using Npgsql;

namespace Mureka.Accounts;

/// <summary>A plan as the admin commands list it.</summary>
public sealed record PlanInfo(string Id, string Name, long QuotaMs, int MaxDurationMs, int MaxConcurrentJobs, int RequestsPerMinute, int Priority, string OveragePolicy);

/// <summary>Plans and which plan a tenant is on; a plan change reaches every gateway through the key-change notification.</summary>
public sealed class PlansService(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<PlanInfo>> ListPlansAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PlanInfo>(new CommandDefinition(
            """
            select id, name, quota_ms as QuotaMs, max_duration_ms as MaxDurationMs, max_concurrent_jobs as MaxConcurrentJobs,
                   requests_per_minute as RequestsPerMinute, priority::int as Priority, overage_policy as OveragePolicy
            from plans order by priority, id
            """, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Moves a tenant to another plan. Gateways cache each key's plan, so the change notifies them in the same transaction.</summary>
    /// <exception cref="ArgumentException">Unknown tenant or plan.</exception>
    public async Task SetPlanAsync(Guid tenantId, string planId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists(select 1 from plans where id = @planId)", new { planId }, transaction, cancellationToken: cancellationToken)))
        {
            throw new ArgumentException($"unknown plan '{planId}'", nameof(planId));
        }

        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "update tenants set plan_id = @planId where id = @tenantId", new { tenantId, planId }, transaction, cancellationToken: cancellationToken));
        if (changed == 0)
        {
            throw new ArgumentException($"unknown tenant {tenantId}", nameof(tenantId));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_notify(@channel, @payload)", new { channel = AccountsService.KeysChangedChannel, payload = tenantId.ToString() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
