using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mureka.Accounts;

namespace Mureka.Gateway.Auth;

/// <summary>
/// Looks keys up by their SHA-256 and remembers successful lookups for <see cref="GatewayOptions.AuthCacheTtl"/>.
/// Guarantee: the cache is only used while this replica is LISTENing for key changes, and every
/// change (revoke, suspend) empties it when its NOTIFY arrives, which PostgreSQL sends on commit.
/// So a revoked key is refused by every replica as soon as the notification reaches it (in practice
/// a millisecond or two after the revoking transaction commits); if the listener connection is down
/// the cache is bypassed and every request reads the database; the TTL bounds anything else.
/// </summary>
public sealed class ApiKeyAuthenticator(AccountsService accounts, IOptions<GatewayOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);
    private volatile bool _listening;

    public async Task<ApiKeyPrincipal?> AuthenticateAsync(string key, CancellationToken cancellationToken)
    {
        var ttl = options.Value.AuthCacheTtl;
        var useCache = _listening && ttl > TimeSpan.Zero;
        var cacheKey = useCache ? Convert.ToBase64String(ApiKeyFormat.Hash(key)) : null;
        var now = timeProvider.GetUtcNow();
        if (cacheKey is not null && _cache.TryGetValue(cacheKey, out var hit) && hit.ExpiresAt > now)
        {
            return hit.Principal;
        }

        var principal = await accounts.FindActiveKeyAsync(key, cancellationToken);
        // Only successes are cached: a refused key always goes back to the database (and is cheap to refuse).
        if (cacheKey is not null && principal is not null && _listening)
        {
            _cache[cacheKey] = new CacheEntry(principal, now + ttl);
        }

        return principal;
    }

    /// <summary>Whether the cache is in use: the key-change listener holds a LISTENing connection.</summary>
    internal bool IsListening => _listening;

    /// <summary>Called by the listener: keys changed somewhere, or the listener lost or regained its connection.</summary>
    public void Invalidate() => _cache.Clear();

    internal void SetListening(bool listening)
    {
        _listening = listening;
        _cache.Clear();
    }

    private sealed record CacheEntry(ApiKeyPrincipal Principal, DateTimeOffset ExpiresAt);
}
