using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Mureka.Gateway.Auth;

/// <summary>
/// A token bucket per client address for requests without a valid API key, and a per-address limit on lookups
/// of keys not seen valid lately. A request takes one token at most once, when it is known to be without a
/// valid key: when the database refuses its key, or when a missing, malformed or already-refused key is
/// challenged. A valid key never takes one, so no burst of valid keys can lock its own address out.
/// <para>
/// Since the charge comes after the lookup, a lookup of a key not seen valid lately is admitted only while the
/// address's bucket still holds a token (looked at, not taken) and it holds one of
/// <see cref="AuthThrottleOptions.MaxConcurrentLookups"/> lookup permits; the bucket is looked at again once the
/// permit is granted, since it may have emptied meanwhile. So a key sprayer's lookups are bounded by the bucket
/// plus the lookups running when it empties (<see cref="AuthThrottleOptions.RefusalsPerMinute"/> +
/// <see cref="AuthThrottleOptions.MaxConcurrentLookups"/> a minute), concurrency or not. Past the permits,
/// requests queue (<see cref="LookupQueueLimit"/>): a burst of distinct valid keys waits its turn. An empty
/// bucket or a full queue means 429 with no database work.
/// </para>
/// </summary>
public sealed class AuthThrottle : IDisposable
{
    /// <summary>
    /// Requests of one address that may wait for a lookup permit. Enough for a burst of distinct new keys (one
    /// per tenant of a reseller) to wait instead of failing; bounded so a sprayer cannot park requests without end.
    /// </summary>
    public const int LookupQueueLimit = 256;

    private static readonly Meter Meter = new(AuthExtensions.MeterName);
    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>("mureka.auth.throttled", description: "Requests without a valid API key refused by the per-address throttle");

    private readonly AuthThrottleOptions _options;
    private readonly TimeSpan _refillPeriod;
    private readonly PartitionedRateLimiter<int> _refusals;
    private readonly PartitionedRateLimiter<int> _lookups;

    public AuthThrottle(IOptions<AuthThrottleOptions> options)
    {
        _options = options.Value;
        var perMinute = _options.RefusalsPerMinute;

        // One token every 60/perMinute s, or whole tokens per second when that is faster than the limiter's
        // 100 ms replenishment heartbeat could follow.
        _refillPeriod = perMinute <= 60 ? TimeSpan.FromMinutes(1) / perMinute : TimeSpan.FromSeconds(1);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute <= 60 ? 1 : (perMinute + 59) / 60,
            ReplenishmentPeriod = _refillPeriod,
            QueueLimit = 0,
        };
        var lookups = new ConcurrencyLimiterOptions
        {
            PermitLimit = _options.MaxConcurrentLookups,
            QueueLimit = LookupQueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };

        // Idle partitions (a full bucket, no lookup running or queued) are dropped by the partitioned limiter
        // after a few seconds; the partition keys themselves are bounded by MaxTrackedClients.
        _refusals = PartitionedRateLimiter.Create<int, int>(slot => RateLimitPartition.GetTokenBucketLimiter(slot, _ => bucket));
        _lookups = PartitionedRateLimiter.Create<int, int>(slot => RateLimitPartition.GetConcurrencyLimiter(slot, _ => lookups));
    }

    public int RefusalsPerMinute => _options.RefusalsPerMinute;

    /// <summary>
    /// Admits a lookup of a key this replica has not seen valid lately: a permit the lookup holds until it ends,
    /// or null (the request then counts as refused by this throttle) when the address's bucket is empty or its
    /// lookup queue is full. Takes no token: only a refusal is charged, by <see cref="TryCount"/>.
    /// </summary>
    public async ValueTask<LookupPermit?> AdmitLookupAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return LookupPermit.Unlimited;
        }

        var slot = Slot(context);
        if (HasToken(slot))
        {
            var lease = await _lookups.AcquireAsync(slot, 1, cancellationToken);
            // The bucket may have emptied while this waited its turn, by refusals of the lookups ahead of it.
            if (lease.IsAcquired && HasToken(slot))
            {
                // Two holders: the lookup, and this request until its refusal is charged (or it turns out valid).
                // Were the lease back when the lookup ends, a queued request could pass the token check in the
                // moment before this one's charge, and the lookups could overrun the bucket by more than the permits.
                var permit = new LookupPermit(lease, holders: 2);
                context.Features.Set(new ChargeHold(permit));
                return permit;
            }

            lease.Dispose();
        }

        Record(context, new Decision(false, Seconds(_refillPeriod)));
        return null;
    }

    /// <summary>
    /// Counts this request as one without a valid key, once however often it is asked; false (with the wait)
    /// when its address is over budget.
    /// </summary>
    public bool TryCount(HttpContext context, out int retryAfterSeconds)
    {
        var decision = context.Features.Get<Decision>() ?? Record(context, Decide(context));
        retryAfterSeconds = decision.RetryAfterSeconds;
        return decision.Allowed;
    }

    /// <summary>
    /// Lets go of the lookup permit this request holds until it is charged: called when the request is done with
    /// its key (charged, valid, or failed), so a lookup permit never outlives its request.
    /// </summary>
    public static void ReleaseLookupHold(HttpContext context) => context.Features.Get<ChargeHold>()?.Release();

    /// <summary>Whether this request was refused for its address's budget (the challenge then answers 429).</summary>
    public static bool WasThrottled(HttpContext context, out int retryAfterSeconds)
    {
        var decision = context.Features.Get<Decision>();
        retryAfterSeconds = decision?.RetryAfterSeconds ?? 0;
        return decision is { Allowed: false };
    }

    public void Dispose()
    {
        _refusals.Dispose();
        _lookups.Dispose();
    }

    private static int Seconds(TimeSpan wait) => (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));

    private static Decision Record(HttpContext context, Decision decision)
    {
        if (context.Features.Get<Decision>() is { } earlier)
        {
            return earlier;
        }

        context.Features.Set(decision);
        ReleaseLookupHold(context);
        if (!decision.Allowed)
        {
            Throttled.Add(1);
        }

        return decision;
    }

    private int Slot(HttpContext context) =>
        ClientPartition.Of(context.Connection.RemoteIpAddress, _options.Ipv6PrefixLength, _options.MaxTrackedClients);

    private bool HasToken(int slot) => _refusals.GetStatistics(slot)?.CurrentAvailablePermits > 0;

    private Decision Decide(HttpContext context)
    {
        if (!_options.Enabled)
        {
            return new Decision(true, 0);
        }

        using var lease = _refusals.AttemptAcquire(Slot(context));
        if (lease.IsAcquired)
        {
            return new Decision(true, 0);
        }

        return new Decision(false, Seconds(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _refillPeriod));
    }

    private sealed record Decision(bool Allowed, int RetryAfterSeconds);

    /// <summary>The admitted request's hold on its lookup permit, let go of once.</summary>
    private sealed class ChargeHold(LookupPermit permit)
    {
        private LookupPermit? _permit = permit;

        public void Release() => Interlocked.Exchange(ref _permit, null)?.Dispose();
    }
}
