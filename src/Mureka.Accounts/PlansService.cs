using Dapper;
using Npgsql;

namespace Mureka.Accounts;

/// <summary>A plan as the admin commands list it.</summary>
public sealed record PlanInfo(
    string Id, string Name, long QuotaMs, int MaxDurationMs, int MaxConcurrentJobs, int RequestsPerMinute, int Priority, string OveragePolicy, string? Currency, decimal? PricePerSecond);

/// <summary>Plans and which plan a tenant is on; a plan change reaches every gateway through the key-change notification.</summary>
public sealed class PlansService(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<PlanInfo>> ListPlansAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PlanInfo>(new CommandDefinition(
            """
            select id, name, quota_ms as QuotaMs, max_duration_ms as MaxDurationMs, max_concurrent_jobs as MaxConcurrentJobs,
                   requests_per_minute as RequestsPerMinute, priority::int as Priority, overage_policy as OveragePolicy,
                   currency as Currency, price_per_second as PricePerSecond
            from plans order by priority, id
            """, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>
    /// Sets a plan's list price per rendered second, which estimates quote; null for both clears it. Keep it equal to
    /// the plan's Stripe price, which is what invoices. Gateways see the change within their plan cache's refresh.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown plan, a currency that is not three letters, or a negative price.</exception>
    public async Task SetPriceAsync(string planId, string? currency, decimal? pricePerSecond, CancellationToken cancellationToken = default)
    {
        if ((currency is null) != (pricePerSecond is null))
        {
            throw new ArgumentException("give both a currency and a price, or neither to clear the price");
        }

        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterLower)))
        {
            throw new ArgumentException("the currency is an ISO 4217 code in lower case, e.g. usd", nameof(currency));
        }

        if (pricePerSecond is < 0 or >= 1_000_000 || (pricePerSecond is { } p && decimal.Round(p, 6) != p))
        {
            throw new ArgumentException("the price per second is 0 or more, below 1000000, with at most 6 decimals", nameof(pricePerSecond));
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "update plans set currency = @currency, price_per_second = @pricePerSecond where id = @planId",
            new { planId, currency, pricePerSecond }, cancellationToken: cancellationToken));
        if (changed == 0)
        {
            throw new ArgumentException($"unknown plan '{planId}'", nameof(planId));
        }
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
