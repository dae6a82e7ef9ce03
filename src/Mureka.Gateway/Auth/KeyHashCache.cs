using Microsoft.Extensions.Caching.Memory;

namespace Mureka.Gateway.Auth;

/// <summary>
/// A size-limited map from a key's SHA-256 (base64) to what is known about it, each entry valid until its own
/// deadline on <see cref="TimeProvider"/>. When full, new entries are not kept (MemoryCache compacts in the
/// background), so a flood of distinct keys costs bounded memory and only means more database lookups.
/// </summary>
internal sealed class KeyHashCache<T>(int capacity, TimeProvider timeProvider) : IDisposable
    where T : class
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = capacity });

    public bool TryGet(string hash, out T value)
    {
        if (_cache.TryGetValue(hash, out Entry? entry) && entry is not null && timeProvider.GetUtcNow() < entry.ExpiresAt)
        {
            value = entry.Value;
            return true;
        }

        value = null!;
        return false;
    }

    public void Set(string hash, T value, TimeSpan ttl) =>
        // The MemoryCache expiry only frees memory; the deadline in the entry is what TryGet trusts.
        _cache.Set(hash, new Entry(value, timeProvider.GetUtcNow() + ttl), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ttl });

    public void Remove(string hash) => _cache.Remove(hash);

    public void Clear() => _cache.Clear();

    public void Dispose() => _cache.Dispose();

    private sealed record Entry(T Value, DateTimeOffset ExpiresAt);
}
