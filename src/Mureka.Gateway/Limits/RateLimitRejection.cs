using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using Mureka.Gateway.Internal;

namespace Mureka.Gateway.Limits;

/// <summary>
/// The middleware's <c>OnRejected</c>: 429 problem+json with <c>Retry-After</c> for REST; for gRPC a
/// trailers-only RESOURCE_EXHAUSTED with the same rich details as a quota refusal.
/// </summary>
internal static class RateLimitRejection
{
    public static async ValueTask WriteAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var decision = context.Features.Get<RateDecision>();
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : decision?.RetryAfter ?? TimeSpan.FromSeconds(1);
        var seconds = (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        await WriteAsync(context, new LimitViolation(LimitViolation.Requests, decision?.Limit ?? 0, decision?.Limit ?? 0, 1, null, seconds));
    }

    /// <summary>Any request-rate refusal, before the request reaches its endpoint (also the per-address throttle of refused keys).</summary>
    public static async Task WriteAsync(HttpContext context, LimitViolation violation)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = violation.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

        if (GrpcTrailersOnly.IsGrpc(context.Request))
        {
            GrpcTrailersOnly.Write(context.Response, LimitStatus.Exception(violation));
            return;
        }

        var problem = LimitProblems.Details(violation);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
