using StackExchange.Redis;

namespace Mureka.Gateway.Limits;

/// <summary>
/// Token buckets in Redis, shared by every gateway replica. One Lua script reads, refills, takes and writes
/// a bucket atomically on the Redis server, using the server's clock, so replicas with skewed clocks or
/// racing requests cannot both spend the last token.
/// </summary>
public sealed class RedisRateStore(IConnectionMultiplexer redis, RateLimitOptions options) : IRequestRateStore, IAsyncDisposable
{
    // KEYS[1] bucket; ARGV[1] capacity; ARGV[2] window in ms. Returns {allowed, remaining, reset_ms, retry_ms}.
    private const string TakeScript =
        """
        local capacity = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1]) or capacity
        local at = tonumber(state[2]) or now
        local rate = capacity / window
        tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
        local allowed = 0
        local retry = 0
        if tokens >= 1 then
          tokens = tokens - 1
          allowed = 1
        else
          retry = math.ceil((1 - tokens) / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
        redis.call('PEXPIRE', KEYS[1], window)
        return {allowed, math.floor(tokens), math.ceil((capacity - tokens) / rate), retry}
        """;

    private readonly LuaScript _script = LuaScript.Prepare(TakeScript.Replace("KEYS[1]", "@bucket", StringComparison.Ordinal)
        .Replace("ARGV[1]", "@capacity", StringComparison.Ordinal).Replace("ARGV[2]", "@window", StringComparison.Ordinal));

    public async ValueTask<RateDecision> TakeAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            _script, new { bucket = (RedisKey)(options.KeyPrefix + bucket), capacity = limit, window = (long)window.TotalMilliseconds })
            .WaitAsync(options.RedisTimeout, cancellationToken);
        var values = (long[])result!;
        return new RateDecision(values[0] == 1, limit, (int)values[1], window, TimeSpan.FromMilliseconds(values[2]), TimeSpan.FromMilliseconds(values[3]));
    }

    public ValueTask DisposeAsync() => redis.DisposeAsync();
}
