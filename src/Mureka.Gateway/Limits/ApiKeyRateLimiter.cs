using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Mureka.Accounts;
using Mureka.Gateway.Auth;

namespace Mureka.Gateway.Limits;

/// <summary>
/// The global limiter of ASP.NET Core's rate-limiting middleware, partitioned by API key: each key has a
/// token bucket of its plan's requests per minute in <see cref="IRequestRateStore"/>. The decision is
/// kept on the request so the response carries the <c>RateLimit</c> headers. Unauthenticated requests
/// are not limited here (they cost one hash lookup and are refused by authorization).
/// </summary>
public sealed partial class ApiKeyRateLimiter(
    IRequestRateStore store,
    PlanCatalog plans,
    RateLimitHeaders headers,
    IOptions<RateLimitOptions> options,
    ILogger<ApiKeyRateLimiter> logger,
    TimeProvider timeProvider) : PartitionedRateLimiter<HttpContext>
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private static readonly Meter Meter = new(LimitsExtensions.MeterName);
    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>("mureka.ratelimit.rejected", description: "Requests refused by the per-key rate limit");
    private static readonly Counter<long> FailedOpen = Meter.CreateCounter<long>("mureka.ratelimit.failed_open", description: "Requests let through because the rate-limit store could not be reached");

    private long _lastFailureLog = long.MinValue;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    /// <summary>
    /// Decided here when the plan is cached and the store answers at once (in-process buckets); otherwise a
    /// not-acquired lease sends the middleware on to <see cref="AcquireAsyncCore"/>, which may wait for Redis.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        if (!options.Value.Enabled || !resource.TryGetCaller(out var principal))
        {
            return Lease.Unlimited;
        }

        if (!plans.TryGetCached(principal.PlanId, out var plan))
        {
            return Lease.Undecided;
        }

        if (LimitOf(plan) is not { } perMinute)
        {
            return Lease.Unlimited;
        }

        return store.TryTakeNow(Bucket(principal), perMinute, Window, out var decision) ? Apply(resource, principal, plan, decision!) : Lease.Undecided;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || !resource.TryGetCaller(out var principal))
        {
            return Lease.Unlimited;
        }

        if (resource.Features.Get<RateDecision>() is { Allowed: false } refused)
        {
            // Already refused by the synchronous attempt: the middleware asks again, the answer stands.
            return new Lease(false, refused.RetryAfter);
        }

        var plan = await plans.FindAsync(principal.PlanId, cancellationToken);
        if (LimitOf(plan) is not { } perMinute)
        {
            return Lease.Unlimited;
        }

        return Apply(resource, principal, plan, await TakeAsync(Bucket(principal), perMinute, cancellationToken));
    }

    private static string Bucket(ApiKeyPrincipal principal) => principal.KeyId.ToString("N");

    private int? LimitOf(PlanLimits? plan) => options.Value.RequestsPerMinute ?? plan?.RequestsPerMinute;

    /// <summary>Keeps the decision for the response headers and turns it into a lease.</summary>
    private Lease Apply(HttpContext resource, ApiKeyPrincipal principal, PlanLimits? plan, RateDecision decision)
    {
        resource.Features.Set(decision);
        headers.WriteOnStart(resource, principal, plan);
        if (decision.Allowed)
        {
            return Lease.Unlimited;
        }

        Rejected.Add(1);
        return new Lease(false, decision.RetryAfter);
    }

    private async Task<RateDecision> TakeAsync(string bucket, int perMinute, CancellationToken cancellationToken)
    {
        try
        {
            return await store.TakeAsync(bucket, perMinute, Window, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Fail open: an unreachable Redis must not take the API down; quotas and concurrency are still
            // enforced in PostgreSQL. Logged at most every 10 s, counted on every request.
            FailedOpen.Add(1);
            var now = timeProvider.GetTimestamp();
            var last = Interlocked.Read(ref _lastFailureLog);
            if (last == long.MinValue || timeProvider.GetElapsedTime(last, now) > TimeSpan.FromSeconds(10))
            {
                Interlocked.Exchange(ref _lastFailureLog, now);
                LogStoreDown(logger, e);
            }

            return new RateDecision(true, perMinute, perMinute, Window, TimeSpan.Zero, TimeSpan.Zero) { FailedOpen = true };
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate-limit store unreachable; requests are let through without rate limiting")]
    private static partial void LogStoreDown(ILogger logger, Exception exception);

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Unlimited = new(true, null);
        public static readonly Lease Undecided = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }

    }
}
