using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;

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

        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            var exception = LimitStatus.Exception(violation);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)StatusCode.ResourceExhausted).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(exception.Status.Detail);
            foreach (var entry in exception.Trailers.Where(e => e.IsBinary))
            {
                context.Response.Headers[entry.Key] = Convert.ToBase64String(entry.ValueBytes).TrimEnd('=');
            }

            return;
        }

        var problem = LimitProblems.Details(violation);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
