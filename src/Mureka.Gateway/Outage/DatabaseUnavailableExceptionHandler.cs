using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Diagnostics;
using Mureka.Gateway.Data;
using Mureka.Gateway.Internal;

namespace Mureka.Gateway.Outage;

/// <summary>
/// Turns a database outage met anywhere in the pipeline (API-key authentication, rate limits, idempotency,
/// controllers) into 503 with <c>Retry-After</c> instead of 500. gRPC calls that fail before reaching their
/// service (authentication runs in middleware) get a trailers-only UNAVAILABLE. Any other exception is left
/// to the default handler: a bug is still a 500.
/// </summary>
internal sealed class DatabaseUnavailableExceptionHandler(DatabaseAvailability availability, IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted || !availability.ReportFailure(exception))
        {
            return false;
        }

        var response = httpContext.Response;
        if (GrpcTrailersOnly.IsGrpc(httpContext.Request))
        {
            GrpcTrailersOnly.Write(response, DatabaseUnavailableAnswers.Rpc());
            return true;
        }

        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = DatabaseUnavailableAnswers.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        // Handled even if no problem writer fits the request's Accept header: the status and Retry-After say it all.
        await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = DatabaseUnavailableAnswers.Problem() });
        return true;
    }
}
