using Microsoft.AspNetCore.Http.Features;

namespace Mureka.Gateway.Generations;

/// <summary>
/// A useful <c>detail</c> for problems the framework writes on its own (unknown path, wrong method, a status
/// without a body), so every error a caller can meet says what to do, not just its status.
/// </summary>
internal static class ProblemDefaults
{
    public static void AddDetail(ProblemDetailsContext context)
    {
        if (!string.IsNullOrEmpty(context.ProblemDetails.Detail) || context.ProblemDetails.Extensions.ContainsKey("errors"))
        {
            return;
        }

        var request = context.HttpContext.Request;
        context.ProblemDetails.Detail = context.ProblemDetails.Status switch
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
            _ => context.HttpContext.Features.Get<IHttpResponseFeature>()?.ReasonPhrase ?? context.ProblemDetails.Title,
        };
    }
}
