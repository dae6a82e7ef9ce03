using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Mureka.Gateway.Auth;

/// <summary>
/// A token bucket per client address for requests without a valid API key. Each such request takes one token
/// at most once, where it is first known to need one: before the database looks up a key this replica has not
/// seen valid lately (so a key sprayer's lookups are bounded by the bucket, concurrency or not), or when a
/// missing, malformed or already-refused key is challenged. An empty bucket means 429 with no database work.
/// </summary>
public sealed class AuthThrottle : IDisposable
{
    private static readonly Meter Meter = new(AuthExtensions.MeterName);
    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>("mureka.auth.throttled", description: "Requests without a valid API key refused by the per-address throttle");

    private readonly AuthThrottleOptions _options;
    private readonly PartitionedRateLimiter<int> _limiter;

    public AuthThrottle(IOptions<AuthThrottleOptions> options)
    {
        _options = options.Value;
        var perMinute = _options.RefusalsPerMinute;

        // One token every 60/perMinute s, or whole tokens per second when that is faster than the limiter's
        // 100 ms replenishment heartbeat could follow.
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute <= 60 ? 1 : (perMinute + 59) / 60,
            ReplenishmentPeriod = perMinute <= 60 ? TimeSpan.FromMinutes(1) / perMinute : TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        };

        // Idle (full) buckets are dropped by the partitioned limiter after a few seconds; the partition keys
        // themselves are bounded by MaxTrackedClients.
        _limiter = PartitionedRateLimiter.Create<int, int>(slot => RateLimitPartition.GetTokenBucketLimiter(slot, _ => bucket));
    }

    public int RefusalsPerMinute => _options.RefusalsPerMinute;

    /// <summary>
    /// Counts this request as one without a valid key, once however often it is asked; false (with the wait)
    /// when its address is over budget.
    /// </summary>
    public bool TryCount(HttpContext context, out int retryAfterSeconds)
    {
        if (context.Features.Get<Decision>() is not { } decision)
        {
            decision = Decide(context);
            context.Features.Set(decision);
            if (!decision.Allowed)
            {
                Throttled.Add(1);
            }
        }

        retryAfterSeconds = decision.RetryAfterSeconds;
        return decision.Allowed;
    }

    /// <summary>Whether this request was refused for its address's budget (the challenge then answers 429).</summary>
    public static bool WasThrottled(HttpContext context, out int retryAfterSeconds)
    {
        var decision = context.Features.Get<Decision>();
        retryAfterSeconds = decision?.RetryAfterSeconds ?? 0;
        return decision is { Allowed: false };
    }

    public void Dispose() => _limiter.Dispose();

    private Decision Decide(HttpContext context)
    {
        if (!_options.Enabled)
        {
            return new Decision(true, 0);
        }

        var slot = ClientPartition.Of(context.Connection.RemoteIpAddress, _options.Ipv6PrefixLength, _options.MaxTrackedClients);
        using var lease = _limiter.AttemptAcquire(slot);
        if (lease.IsAcquired)
        {
            return new Decision(true, 0);
        }

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1) / _options.RefusalsPerMinute;
        return new Decision(false, (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds)));
    }

    private sealed record Decision(bool Allowed, int RetryAfterSeconds);
}
