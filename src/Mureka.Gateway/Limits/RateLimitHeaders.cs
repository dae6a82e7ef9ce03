using System.Globalization;
using Mureka.Accounts;

namespace Mureka.Gateway.Limits;

/// <summary>
/// Writes the limits of an authenticated request on its response (REST headers, gRPC response metadata):
/// the IETF draft <c>RateLimit-Policy</c>/<c>RateLimit</c> fields with a <c>requests</c> and a
/// <c>rendered-seconds</c> policy, and the same numbers as <c>x-ratelimit-*</c> headers.
/// Rendered seconds come from <see cref="QuotaSnapshots"/> and may lag a few seconds.
/// </summary>
internal static class RateLimitHeaders
{
    public static void WriteOnStart(HttpContext context, ApiKeyPrincipal principal, PlanLimits? plan) =>
        context.Response.OnStarting(static state => WriteAsync(((HttpContext, ApiKeyPrincipal, PlanLimits?))state), (context, principal, plan));

    private static async Task WriteAsync((HttpContext Context, ApiKeyPrincipal Principal, PlanLimits? Plan) state)
    {
        var (context, principal, plan) = state;
        var headers = context.Response.Headers;
        var policy = new List<string>(2);
        var current = new List<string>(2);
        if (context.Features.Get<RateDecision>() is { FailedOpen: false } requests)
        {
            var reset = Seconds(requests.ResetAfter);
            policy.Add($"\"requests\";q={requests.Limit};w={Seconds(requests.Window)}");
            current.Add($"\"requests\";r={requests.Remaining};t={reset}");
            headers["x-ratelimit-limit-requests"] = Text(requests.Limit);
            headers["x-ratelimit-remaining-requests"] = Text(requests.Remaining);
            headers["x-ratelimit-reset-requests"] = Text(reset);
        }

        if (plan is not null && await TryReadQuotaAsync(context, principal, plan) is { } quota)
        {
            var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            var limit = quota.LimitMs / 1000;
            var remaining = quota.RemainingMs / 1000;
            var reset = quota.Period.SecondsLeft(now);
            policy.Add($"\"rendered-seconds\";q={limit};w={(long)quota.Period.Length.TotalSeconds}");
            current.Add($"\"rendered-seconds\";r={remaining};t={reset}");
            headers["x-ratelimit-limit-rendered-seconds"] = Text(limit);
            headers["x-ratelimit-remaining-rendered-seconds"] = Text(remaining);
            headers["x-ratelimit-reset-rendered-seconds"] = Text(reset);
        }

        if (policy.Count > 0)
        {
            headers["RateLimit-Policy"] = string.Join(", ", policy);
            headers["RateLimit"] = string.Join(", ", current);
        }
    }

    private static async Task<QuotaSnapshot?> TryReadQuotaAsync(HttpContext context, ApiKeyPrincipal principal, PlanLimits plan)
    {
        try
        {
            return await context.RequestServices.GetRequiredService<QuotaSnapshots>().GetAsync(principal.TenantId, plan, context.RequestAborted);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // Informational headers never fail a response.
            return null;
        }
    }

    private static long Seconds(TimeSpan value) => (long)Math.Ceiling(value.TotalSeconds);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
