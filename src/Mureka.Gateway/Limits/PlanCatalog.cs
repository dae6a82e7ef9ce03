namespace Mureka.Gateway.Limits;

/// <summary>
/// Plans cached in memory for <see cref="RefreshInterval"/>: read on every request by the rate limiter and
/// validation, changed rarely. Admission re-reads the tenant's plan under its row lock, so quota and
/// concurrency never act on a stale copy.
/// </summary>
public sealed class PlanCatalog(LimitsRepository repository, TimeProvider timeProvider) : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;

    public async ValueTask<PlanLimits?> FindAsync(string planId, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || snapshot.ExpiresAt <= timeProvider.GetUtcNow() || !snapshot.Plans.ContainsKey(planId))
        {
            snapshot = await RefreshAsync(snapshot, cancellationToken);
        }

        return snapshot.Plans.GetValueOrDefault(planId);
    }

    /// <summary>The plan from the current snapshot, without waiting; false when it must be (re)loaded.</summary>
    public bool TryGetCached(string planId, out PlanLimits? plan)
    {
        plan = null;
        return _snapshot is { } snapshot && snapshot.ExpiresAt > timeProvider.GetUtcNow() && snapshot.Plans.TryGetValue(planId, out plan);
    }

    public async Task<IReadOnlyList<PlanLimits>> ListAsync(CancellationToken cancellationToken) =>
        (await RefreshAsync(null, cancellationToken)).Plans.Values.OrderBy(p => p.Priority).ToList();

    private async Task<Snapshot> RefreshAsync(Snapshot? seen, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited.
            if (seen is not null && !ReferenceEquals(_snapshot, seen) && _snapshot is { } fresh)
            {
                return fresh;
            }

            var plans = await repository.ListPlansAsync(cancellationToken);
            var snapshot = new Snapshot(plans.ToDictionary(p => p.Id, StringComparer.Ordinal), timeProvider.GetUtcNow() + RefreshInterval);
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private sealed record Snapshot(Dictionary<string, PlanLimits> Plans, DateTimeOffset ExpiresAt);

    public void Dispose() => _refresh.Dispose();
}
