using Microsoft.Extensions.Options;
using Mureka.Gateway.Limits;
using StackExchange.Redis;

namespace Mureka.Gateway.Internal;

/// <summary>
/// The gateway's one connection to the Redis of <c>Gateway:RateLimit:Redis</c>, shared by the rate limiter's buckets
/// and the live progress relayed between replicas; made on first use. Not AbortOnConnectFail: the gateway starts and
/// serves while Redis is down (rate limits fail open, streams read the row), and reconnects on its own.
/// </summary>
public sealed class RedisConnection(IOptions<RateLimitOptions> options) : IAsyncDisposable
{
    private readonly Lazy<IConnectionMultiplexer> _connection = new(() => Connect(options.Value));

    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.Redis);

    public IConnectionMultiplexer Multiplexer => Configured ? _connection.Value : throw new InvalidOperationException("No Redis is configured (Gateway:RateLimit:Redis).");

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await _connection.Value.DisposeAsync();
        }
    }

    private static ConnectionMultiplexer Connect(RateLimitOptions options)
    {
        var redis = ConfigurationOptions.Parse(options.Redis!);
        redis.AbortOnConnectFail = false;
        redis.ConnectTimeout = (int)options.RedisTimeout.TotalMilliseconds * 4;
        return ConnectionMultiplexer.Connect(redis);
    }
}
