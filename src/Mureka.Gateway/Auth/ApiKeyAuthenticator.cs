using Microsoft.Extensions.Options;
using Mureka.Accounts;

namespace Mureka.Gateway.Auth;

/// <summary>
/// Looks keys up by their SHA-256 and remembers the answers: accepted keys for <see cref="GatewayOptions.AuthCacheTtl"/>,
/// refused ones for <see cref="GatewayOptions.RefusedKeyCacheTtl"/>. Guarantee: both caches are only used while
/// this replica is LISTENing for key changes, and every change (revoke, suspend, un-suspend, plan change) empties
/// both when its NOTIFY arrives, which PostgreSQL sends on commit. So a revoked key is refused, and a re-enabled
/// one accepted, by every replica as soon as the notification reaches it (in practice a millisecond or two after
/// the transaction commits); an answer read before a notification is never cached after it, nor handed to a
/// request that arrived after it; if the listener connection is down the caches are bypassed and every request
/// reads the database; the TTLs bound anything else. A new key needs no notification: its hash is fresh
/// randomness, so nothing cached can name it.
/// <para>
/// Concurrent requests with the same key not yet cached share one lookup (<see cref="SingleFlight{T}"/>): a
/// fresh replica hit by a burst on one key reads it once. A key not seen valid lately is looked up only with the
/// caller's <see cref="LookupAdmission"/> (the per-address throttle bounds a key sprayer's lookups there); sharing
/// a lookup already running needs none, since it costs the database nothing.
/// </para>
/// </summary>
public sealed class ApiKeyAuthenticator : IDisposable
{
    private readonly AccountsService _accounts;
    private readonly IOptions<GatewayOptions> _options;
    private readonly KeyHashCache<ApiKeyPrincipal> _accepted;
    private readonly KeyHashCache<object> _refused;

    // Not an authorization answer (the database still decides): only which keys may still be looked up when
    // their caller's address is over its budget, so a valid key keeps working next to a key sprayer.
    private readonly KeyHashCache<object> _seenValid;

    private readonly SingleFlight<KeyCheck> _flights = new();

    // Shared lookups run on behalf of every caller waiting for them, so no one caller's cancellation may end
    // them; only the gateway stopping does.
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;

    private volatile bool _listening;
    private long _generation;
    private long _lookups;

    public ApiKeyAuthenticator(AccountsService accounts, IOptions<GatewayOptions> options, TimeProvider timeProvider)
    {
        _accounts = accounts;
        _options = options;
        var capacity = options.Value.AuthCacheCapacity;
        _accepted = new KeyHashCache<ApiKeyPrincipal>(capacity, timeProvider);
        _refused = new KeyHashCache<object>(capacity, timeProvider);
        _seenValid = new KeyHashCache<object>(capacity, timeProvider);
        _stoppingToken = _stopping.Token;
    }

    /// <summary>Database lookups made so far (tests prove caching and throttling by it).</summary>
    internal long DatabaseLookups => Interlocked.Read(ref _lookups);

    /// <summary>Whether the caches are in use: the key-change listener holds a LISTENing connection.</summary>
    internal bool IsListening => _listening;

    /// <summary>The key's principal, or null when refused.</summary>
    public async Task<ApiKeyPrincipal?> AuthenticateAsync(string key, CancellationToken cancellationToken) =>
        (await CheckAsync(key, static _ => ValueTask.FromResult<LookupPermit?>(LookupPermit.Unlimited), cancellationToken)).Principal;

    /// <param name="key">A well-formed key (<see cref="ApiKeyFormat.LooksValid"/>).</param>
    /// <param name="admitLookup">
    /// Asked before the database is read for a key this replica has not seen valid lately, unless a lookup of the
    /// same key is already running; null answers <see cref="KeyCheck.NotLookedUp"/> without reading it.
    /// </param>
    /// <param name="cancellationToken">Ends this caller's wait; a lookup others share runs on for them.</param>
    public async Task<KeyCheck> CheckAsync(string key, LookupAdmission admitLookup, CancellationToken cancellationToken)
    {
        var hash = Convert.ToBase64String(ApiKeyFormat.Hash(key));
        if (FromCache(hash) is { } cached)
        {
            return cached;
        }

        var shared = _flights.TryJoin(hash, Interlocked.Read(ref _generation));
        if (shared is null)
        {
            LookupPermit? permit = null;
            if (!_seenValid.TryGet(hash, out _))
            {
                permit = await admitLookup(cancellationToken);
                if (permit is null)
                {
                    return KeyCheck.NotLookedUp;
                }
            }

            // Taken before the read: a notification that lands while it runs makes its answer unfit to cache.
            var generation = Interlocked.Read(ref _generation);
            shared = _flights.JoinOrStart(hash, generation, () => FromCache(hash), () => LookUpAsync(key, hash, generation), permit);
        }

        return await shared.WaitAsync(cancellationToken);
    }

    /// <summary>Called by the listener: keys changed somewhere, or the listener lost or regained its connection.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _accepted.Clear();
        _refused.Clear();
    }

    internal void SetListening(bool listening)
    {
        _listening = listening;
        Invalidate();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _accepted.Dispose();
        _refused.Dispose();
        _seenValid.Dispose();
    }

    /// <summary>What the caches say about this key, when they may be trusted (only while listening).</summary>
    private KeyCheck? FromCache(string hash)
    {
        if (!_listening)
        {
            return null;
        }

        var options = _options.Value;
        if (options.AuthCacheTtl > TimeSpan.Zero && _accepted.TryGet(hash, out var principal))
        {
            return new KeyCheck(KeyCheckOutcome.Accepted, principal);
        }

        return options.RefusedKeyCacheTtl > TimeSpan.Zero && _refused.TryGet(hash, out _) ? KeyCheck.Refused : null;
    }

    /// <summary>The one database read for every caller sharing it; caches its answer unless a notification came meanwhile.</summary>
    private async Task<KeyCheck> LookUpAsync(string key, string hash, long generation)
    {
        var options = _options.Value;
        Interlocked.Increment(ref _lookups);
        var principal = await _accounts.FindActiveKeyAsync(key, _stoppingToken);
        var cacheable = _listening && Interlocked.Read(ref _generation) == generation;
        if (principal is null)
        {
            _seenValid.Remove(hash);
            if (cacheable && options.RefusedKeyCacheTtl > TimeSpan.Zero)
            {
                _refused.Set(hash, hash, options.RefusedKeyCacheTtl);
            }

            return KeyCheck.Refused;
        }

        _seenValid.Set(hash, hash, options.SeenValidKeyRetention);
        if (cacheable && options.AuthCacheTtl > TimeSpan.Zero)
        {
            _accepted.Set(hash, principal, options.AuthCacheTtl);
        }

        return new KeyCheck(KeyCheckOutcome.Accepted, principal);
    }
}
