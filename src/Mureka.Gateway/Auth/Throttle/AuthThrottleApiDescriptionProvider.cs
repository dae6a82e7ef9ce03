using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Mureka.Gateway.Auth;

/// <summary>
/// Every operation that can answer 401 can also answer 429 once the caller's address has sent too many requests
/// without a valid key (<see cref="AuthThrottle"/>), so each is described with one; the spec drift test then
/// demands it in openapi.yaml, including for operations added later.
/// </summary>
internal sealed class AuthThrottleApiDescriptionProvider : IApiDescriptionProvider
{
    // After the built-in providers (MVC's runs at -1000), which create the descriptions.
    public int Order => 100;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
        foreach (var description in context.Results.Where(d =>
            d.SupportedResponseTypes.Any(r => r.StatusCode == StatusCodes.Status401Unauthorized)
            && d.SupportedResponseTypes.All(r => r.StatusCode != StatusCodes.Status429TooManyRequests)))
        {
            description.SupportedResponseTypes.Add(new ApiResponseType
            {
                StatusCode = StatusCodes.Status429TooManyRequests,
                Type = typeof(ProblemDetails),
                ApiResponseFormats = { new ApiResponseFormat { MediaType = "application/problem+json" } },
            });
        }
    }
}
