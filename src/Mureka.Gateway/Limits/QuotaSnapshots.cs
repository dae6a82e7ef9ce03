using System.Collections.Concurrent;

namespace Mureka.Gateway.Limits;

/// <summary>
/// Recent per-tenant quota standings for the <c>rendered-seconds</c> rate-limit headers. Headers are
/// informational, so they may lag by up to <see cref="MaxAge"/> (or a completion on another replica);
/// admission never uses this cache, it counts under the tenant's row lock.
/// </summary>
public sealed class QuotaSnapshots(LimitsRepository repository, TimeProvider timeProvider)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, QuotaSnapshot> _snapshots = new();

    /// <summary>The cached standing when it is recent enough, without waiting.</summary>
    public bool TryGetFresh(Guid tenantId, PlanLimits plan, DateTimeOffset now, out QuotaSnapshot? snapshot)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (_snapshots.TryGetValue(tenantId, out var cached) && cached.ReadAt + MaxAge > now && cached.Period.End > now && cached.LimitMs == plan.QuotaMs)
        {
            snapshot = cached;
            return true;
        }

        snapshot = null;
        return false;
    }

    public async ValueTask<QuotaSnapshot> GetAsync(Guid tenantId, PlanLimits plan, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (TryGetFresh(tenantId, plan, now, out var cached))
        {
            return cached!;
        }

        var period = BillingPeriod.Containing(now);
        var usage = await repository.GetQuotaUsageAsync(tenantId, period, cancellationToken);
        var snapshot = new QuotaSnapshot(plan.QuotaMs, usage.UsedMs, period, now);
        _snapshots[tenantId] = snapshot;
        return snapshot;
    }

    /// <summary>A job was admitted on this replica: its admission already counted the tenant's usage, so keep that.</summary>
    public void Admitted(Guid tenantId, long limitMs, long usedMs, BillingPeriod period) =>
        _snapshots[tenantId] = new QuotaSnapshot(limitMs, usedMs, period, timeProvider.GetUtcNow());
}

/// <summary>Quota, used-or-reserved milliseconds, and the period they belong to.</summary>
public sealed record QuotaSnapshot(long LimitMs, long UsedMs, BillingPeriod Period, DateTimeOffset ReadAt)
{
    public long RemainingMs => Math.Max(0, LimitMs - UsedMs);
}
