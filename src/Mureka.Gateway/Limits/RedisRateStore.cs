using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace Mureka.Gateway.Limits;

/// <summary>
/// Token buckets in Redis, shared by every gateway replica. One Lua script reads, refills, takes and writes
/// a bucket atomically on the Redis server, using the server's clock, so replicas with skewed clocks or
/// racing requests cannot both spend the last token. A busy key's tokens are taken a batch at a time into a
/// <see cref="LocalTokenLease"/> and spent here, and a refusal is repeated here until the bucket can hold a token
/// again: the limiter then costs a Redis round trip per batch, not per request, and a client hammering past its
/// limit costs no more than one being served.
/// </summary>
public sealed class RedisRateStore : IRequestRateStore, IAsyncDisposable
{
    // KEYS[1] bucket; ARGV[1] capacity; ARGV[2] window in ms; ARGV[3] tokens wanted.
    // Returns {granted, remaining, reset_ms, retry_ms}: granted may be fewer than wanted, 0 when refused.
    private const string TakeScript =
        """
        local capacity = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local wanted = tonumber(ARGV[3])
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1]) or capacity
        local at = tonumber(state[2]) or now
        local rate = capacity / window
        tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
        local granted = math.min(wanted, math.floor(tokens))
        local retry = 0
        if granted >= 1 then
          tokens = tokens - granted
        else
          granted = 0
          retry = math.ceil((1 - tokens) / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
        redis.call('PEXPIRE', KEYS[1], window)
        return {granted, math.floor(tokens), math.ceil((capacity - tokens) / rate), retry}
        """;

    // A request that keeps losing its batch to others asks for its own token after this many shared refills.
    private const int SharedRefillsPerRequest = 3;

    // At most this share of a bucket is held by one replica's lease, so N replicas strand little of a small limit.
    private const int BatchDivisor = 100;

    private static readonly TimeSpan IdleLeaseLifetime = TimeSpan.FromMinutes(2);

    private readonly LuaScript _script = LuaScript.Prepare(TakeScript.Replace("KEYS[1]", "@bucket", StringComparison.Ordinal)
        .Replace("ARGV[1]", "@capacity", StringComparison.Ordinal).Replace("ARGV[2]", "@window", StringComparison.Ordinal)
        .Replace("ARGV[3]", "@wanted", StringComparison.Ordinal));

    private readonly IConnectionMultiplexer _redis;
    private readonly RateLimitOptions _options;
    private readonly TimeProvider _clock;
    private readonly MemoryCache _leases;

    public RedisRateStore(IConnectionMultiplexer redis, RateLimitOptions options, TimeProvider clock)
    {
        _redis = redis;
        _options = options;
        _clock = clock;
        _leases = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.MaxLeasedKeys });
    }

    public bool TryTakeNow(string bucket, int limit, TimeSpan window, out RateDecision? decision)
    {
        decision = null;
        return _leases.TryGetValue(bucket, out LocalTokenLease? lease) && lease!.Limit == limit && lease.TryTake(window, out decision);
    }

    public async ValueTask<RateDecision> TakeAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var batchCap = Math.Clamp(limit / BatchDivisor, 1, Math.Max(1, _options.LeaseMaxTokens));
        if (batchCap > 1)
        {
            for (var attempt = 0; attempt < SharedRefillsPerRequest; attempt++)
            {
                if (TryTakeNow(bucket, limit, window, out var decision))
                {
                    return decision!;
                }

                var lease = LeaseOf(bucket, limit);
                await lease.RefillOnceAsync(() => RefillAsync(lease, bucket, limit, window, batchCap), cancellationToken);
            }
        }

        var (granted, remaining, reset, retry) = await EvaluateAsync(bucket, limit, window, 1, cancellationToken);
        if (granted == 0)
        {
            // Refusals are repeated here until the bucket can hold a token, whatever the batch size.
            LeaseOf(bucket, limit).Grant(0, remaining, reset, retry, _options.LeaseLifetime);
        }

        return new RateDecision(granted > 0, limit, remaining, window, reset, retry);
    }

    /// <summary>The connection is the gateway's (<see cref="Internal.RedisConnection"/>), closed with it.</summary>
    public ValueTask DisposeAsync()
    {
        _leases.Dispose();
        return ValueTask.CompletedTask;
    }

    private LocalTokenLease LeaseOf(string bucket, int limit)
    {
        if (_leases.TryGetValue(bucket, out LocalTokenLease? lease) && lease!.Limit == limit)
        {
            return lease;
        }

        // Two requests may both make one here; the loser's lease is simply dropped, costing at most one extra call.
        lease = new LocalTokenLease(limit, _clock);
        return _leases.Set(bucket, lease, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = IdleLeaseLifetime });
    }

    private async Task RefillAsync(LocalTokenLease lease, string bucket, int limit, TimeSpan window, int batchCap)
    {
        var lifetime = _options.LeaseLifetime;
        var wanted = lease.NextBatch(batchCap, lifetime);
        var (granted, remaining, reset, retry) = await EvaluateAsync(bucket, limit, window, wanted, CancellationToken.None);
        lease.Grant(granted, remaining, reset, retry, lifetime);
    }

    private async Task<(int Granted, int Remaining, TimeSpan Reset, TimeSpan Retry)> EvaluateAsync(
        string bucket, int limit, TimeSpan window, int wanted, CancellationToken cancellationToken)
    {
        var result = await _redis.GetDatabase().ScriptEvaluateAsync(
            _script,
            new { bucket = (RedisKey)(_options.KeyPrefix + bucket), capacity = limit, window = (long)window.TotalMilliseconds, wanted })
            .WaitAsync(_options.RedisTimeout, cancellationToken);
        var values = (long[])result!;
        return ((int)values[0], (int)values[1], TimeSpan.FromMilliseconds(values[2]), TimeSpan.FromMilliseconds(values[3]));
    }
}
