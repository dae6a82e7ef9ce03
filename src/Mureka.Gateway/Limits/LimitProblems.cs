using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Mureka.Gateway.Problems;

namespace Mureka.Gateway.Limits;

/// <summary>
/// RFC 7807 answers for limits. Each names the limit and carries <c>limit</c>, <c>limit_value</c>, <c>used</c>,
/// <c>requested</c> and (for the quota) <c>resets_at</c> as extension members.
/// </summary>
public static class LimitProblems
{
    /// <summary>402 for the rendered-seconds quota, 429 for concurrency and request rate.</summary>
    public static int StatusOf(LimitViolation violation) =>
        violation.Limit == LimitViolation.RenderedSeconds ? StatusCodes.Status402PaymentRequired : StatusCodes.Status429TooManyRequests;

    public static ProblemDetails Details(LimitViolation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        var type = violation.Limit switch
        {
            LimitViolation.RenderedSeconds => ProblemTypes.QuotaExceeded,
            LimitViolation.ConcurrentJobs => ProblemTypes.ConcurrencyLimit,
            _ => ProblemTypes.RateLimited,
        };
        var problem = new ProblemDetails { Type = type.Uri, Title = type.Title, Status = StatusOf(violation), Detail = violation.Describe() };
        problem.Extensions["limit"] = violation.Limit;
        problem.Extensions["limit_value"] = violation.LimitValue;
        problem.Extensions["used"] = violation.Used;
        problem.Extensions["requested"] = violation.Requested;
        if (violation.ResetsAt is { } resetsAt)
        {
            problem.Extensions["resets_at"] = resetsAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        problem.Extensions["retry_after_seconds"] = violation.RetryAfterSeconds;
        return problem;
    }

    /// <summary>The MVC result, with <c>Retry-After</c> set on the response.</summary>
    public static ObjectResult Result(HttpResponse response, LimitViolation violation)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.RetryAfter = violation.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var problem = Details(violation);
        return new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } };
    }
}
