using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Mureka.Gateway.Outage;

/// <summary>
/// Every operation can meet a database outage (API-key lookup, rate limits, the operation's own reads), so
/// each is described with a 503 problem; the spec drift test then demands it in openapi.yaml, including
/// for operations added later.
/// </summary>
internal sealed class DatabaseUnavailableApiDescriptionProvider : IApiDescriptionProvider
{
    // After the built-in providers (MVC's runs at -1000), which create the descriptions.
    public int Order => 100;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
        foreach (var description in context.Results.Where(d => d.SupportedResponseTypes.All(r => r.StatusCode != StatusCodes.Status503ServiceUnavailable)))
        {
            description.SupportedResponseTypes.Add(new ApiResponseType
            {
                StatusCode = StatusCodes.Status503ServiceUnavailable,
                Type = typeof(ProblemDetails),
                ApiResponseFormats = { new ApiResponseFormat { MediaType = "application/problem+json" } },
            });
        }
    }
}
