using Microsoft.Extensions.Caching.Memory;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Finished generations never change again (no transition leaves succeeded, failed or canceled, and
/// their audio is written in the same transaction as the final status), so they can be served from
/// memory with no invalidation protocol at all. Clients that poll results or re-read metadata then
/// cost no database round trip. Queued and running jobs are always read from PostgreSQL.
/// </summary>
public sealed class FinishedGenerationCache : IDisposable
{
    private const int Capacity = 100_000;
    private static readonly TimeSpan SlidingExpiration = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public bool TryGet(Guid tenantId, Guid id, out GenerationView? view) =>
        _cache.TryGetValue((tenantId, id), out view);

    public void AddIfFinished(Guid tenantId, GenerationView view)
    {
        if (view.Record.IsFinished)
        {
            _cache.Set((tenantId, view.Record.Id), view, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = SlidingExpiration });
        }
    }

    public void Dispose() => _cache.Dispose();
}
