using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Mureka.Gateway.Problems;

/// <summary>
/// The one place every problem body gets its shape, whoever wrote it (a controller, a middleware, the framework):
/// <c>type</c> (a page explaining it), <c>title</c>, <c>status</c>, <c>detail</c> (what to do), <c>instance</c>
/// (the path called), <c>request_id</c> (the <c>Request-Id</c> header, for support) and, for invalid input,
/// <c>errors</c> naming each field.
/// </summary>
internal static class ProblemShape
{
    public const string RequestIdMember = "request_id";

    // What the framework adds on its own; request_id replaces it.
    private const string FrameworkTraceMember = "traceId";

    public static void Complete(HttpContext context, ProblemDetails problem)
    {
        var status = problem.Status ?? context.Response.StatusCode;
        problem.Status = status;
        var general = ProblemTypes.ForStatus(status);
        // The framework's own types (RFC 9110 section links, API versioning's) become this API's documented ones.
        if (problem.Type is null || !problem.Type.StartsWith(ProblemTypes.PathPrefix, StringComparison.Ordinal))
        {
            problem.Type = general.Uri;
        }

        problem.Title = string.IsNullOrEmpty(problem.Title) ? general.Title : problem.Title;
        problem.Detail = string.IsNullOrEmpty(problem.Detail) ? DefaultDetail(context, problem, status) : problem.Detail;
        problem.Instance ??= (context.Request.PathBase + context.Request.Path).ToString();
        problem.Extensions.Remove(FrameworkTraceMember);
        problem.Extensions[RequestIdMember] = context.TraceIdentifier;
    }

    // A useful detail for problems written without one (unknown path, wrong method, a status without a body), so
    // every error says what to do, not just its status.
    private static string DefaultDetail(HttpContext context, ProblemDetails problem, int status)
    {
        if (problem is ValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            var fields = validation.Errors.Keys.ToList();
            return fields.Count == 1
                ? $"{fields[0]} is invalid; errors says why."
                : $"{fields.Count} fields are invalid ({string.Join(", ", fields)}); errors says why for each.";
        }

        var request = context.Request;
        return status switch
        {
            StatusCodes.Status400BadRequest => "The request could not be read.",
            StatusCodes.Status401Unauthorized => "Send an API key: Authorization: Bearer mk_live_…",
            StatusCodes.Status403Forbidden => "This API key may not do this.",
            StatusCodes.Status404NotFound => $"There is nothing at {request.Method} {request.Path}. The operations are listed in /openapi/v1.yaml.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not accept {request.Method}. The operations are listed in /openapi/v1.yaml.",
            StatusCodes.Status406NotAcceptable => "The API answers application/json (errors: application/problem+json) or audio for downloads.",
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
            StatusCodes.Status416RangeNotSatisfiable => "The requested byte range lies outside the file.",
            StatusCodes.Status500InternalServerError => "The service failed unexpectedly. Retry with the same Idempotency-Key; quote request_id to support if it persists.",
            _ => context.Features.Get<IHttpResponseFeature>()?.ReasonPhrase ?? problem.Title ?? ProblemTypes.ForStatus(status).Title,
        };
    }
}
