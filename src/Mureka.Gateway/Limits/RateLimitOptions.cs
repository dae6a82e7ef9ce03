namespace Mureka.Gateway.Limits;

/// <summary>The <c>Gateway:RateLimit</c> section.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Gateway:RateLimit";

    /// <summary>
    /// StackExchange.Redis connection string (e.g. <c>127.0.0.1:6379</c>). Set: every replica shares one token
    /// bucket per API key. Unset: an in-process bucket per replica (N replicas allow up to N times the rate).
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>False turns request rate limiting off (plan quotas and concurrency still apply).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Replaces every plan's requests per minute (load tests); null uses the plans.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Prefix of the Redis keys, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "mureka:ratelimit:";

    /// <summary>Longest wait for Redis before a request is let through (fail open).</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Most tokens one replica takes from a key's Redis bucket in one call, to spend without a round trip (never
    /// more than 1 % of the bucket; a key used now and then gets one at a time). 1 asks Redis on every request.
    /// </summary>
    public int LeaseMaxTokens { get; set; } = 100;

    /// <summary>How long a replica may hold tokens taken from Redis; what is unspent by then is dropped.</summary>
    public TimeSpan LeaseLifetime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most keys with a lease held at once (idle ones are dropped after two minutes).</summary>
    public int MaxLeasedKeys { get; set; } = 100_000;
}
