using System.Globalization;
using Mureka.Accounts;

namespace Mureka.Gateway.Limits;

/// <summary>
/// Writes the limits of an authenticated request on its response (REST headers, gRPC response metadata):
/// the IETF draft <c>RateLimit-Policy</c>/<c>RateLimit</c> fields with a <c>requests</c> and a
/// <c>rendered-seconds</c> policy, and the same numbers as <c>x-ratelimit-*</c> headers.
/// Rendered seconds come from <see cref="QuotaSnapshots"/> and may lag a few seconds. This runs on every
/// authenticated response, so the cached-snapshot path stays synchronous.
/// </summary>
public sealed class RateLimitHeaders(QuotaSnapshots quotas, TimeProvider timeProvider)
{
    private QuotaSnapshots Quotas => quotas;

    private TimeProvider Clock => timeProvider;

    public void WriteOnStart(HttpContext context, ApiKeyPrincipal principal, PlanLimits? plan) =>
        context.Response.OnStarting(static state => ((Pending)state).WriteAsync(), new Pending(this, context, principal, plan));

    private static void Write(HttpContext context, RateDecision? requests, QuotaSnapshot? quota, DateTimeOffset now)
    {
        var headers = context.Response.Headers;
        string? policy = null;
        string? current = null;
        if (requests is { FailedOpen: false })
        {
            var reset = Seconds(requests.ResetAfter);
            policy = string.Create(CultureInfo.InvariantCulture, $"\"requests\";q={requests.Limit};w={Seconds(requests.Window)}");
            current = string.Create(CultureInfo.InvariantCulture, $"\"requests\";r={requests.Remaining};t={reset}");
            headers["x-ratelimit-limit-requests"] = Text(requests.Limit);
            headers["x-ratelimit-remaining-requests"] = Text(requests.Remaining);
            headers["x-ratelimit-reset-requests"] = Text(reset);
        }

        if (quota is not null)
        {
            var limit = quota.LimitMs / 1000;
            var remaining = quota.RemainingMs / 1000;
            var reset = quota.Period.SecondsLeft(now);
            var quotaPolicy = string.Create(CultureInfo.InvariantCulture, $"\"rendered-seconds\";q={limit};w={(long)quota.Period.Length.TotalSeconds}");
            var quotaCurrent = string.Create(CultureInfo.InvariantCulture, $"\"rendered-seconds\";r={remaining};t={reset}");
            policy = policy is null ? quotaPolicy : policy + ", " + quotaPolicy;
            current = current is null ? quotaCurrent : current + ", " + quotaCurrent;
            headers["x-ratelimit-limit-rendered-seconds"] = Text(limit);
            headers["x-ratelimit-remaining-rendered-seconds"] = Text(remaining);
            headers["x-ratelimit-reset-rendered-seconds"] = Text(reset);
        }

        if (policy is not null)
        {
            headers["RateLimit-Policy"] = policy;
            headers["RateLimit"] = current;
        }
    }

    private static long Seconds(TimeSpan value) => (long)Math.Ceiling(value.TotalSeconds);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Pending(RateLimitHeaders owner, HttpContext context, ApiKeyPrincipal principal, PlanLimits? plan)
    {
        public Task WriteAsync()
        {
            var now = owner.Clock.GetUtcNow();
            var requests = context.Features.Get<RateDecision>();
            if (plan is null)
            {
                Write(context, requests, null, now);
                return Task.CompletedTask;
            }

            if (owner.Quotas.TryGetFresh(principal.TenantId, plan, now, out var quota))
            {
                Write(context, requests, quota, now);
                return Task.CompletedTask;
            }

            return ReadQuotaAndWriteAsync(requests, now);
        }

        private async Task ReadQuotaAndWriteAsync(RateDecision? requests, DateTimeOffset now)
        {
            QuotaSnapshot? quota;
            try
            {
                quota = await owner.Quotas.GetAsync(principal.TenantId, plan!, context.RequestAborted);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
            {
                // Informational headers never fail a response.
                quota = null;
            }

            Write(context, requests, quota, now);
        }
    }
}
