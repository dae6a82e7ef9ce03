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
}
