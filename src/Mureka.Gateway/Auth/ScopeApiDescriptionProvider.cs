using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Mureka.Gateway.Auth;

/// <summary>
/// Describes the 403 every scoped operation can answer (a key without the scope), so the spec drift test demands
/// it in openapi.yaml for each one, including operations added later.
/// </summary>
internal sealed class ScopeApiDescriptionProvider : IApiDescriptionProvider
{
    // After the built-in providers (MVC's runs at -1000), which create the descriptions.
    public int Order => 100;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
        foreach (var description in context.Results.Where(d => d.ActionDescriptor.EndpointMetadata.OfType<RequireScopeAttribute>().Any()))
        {
            if (description.SupportedResponseTypes.All(r => r.StatusCode != StatusCodes.Status403Forbidden))
            {
                description.SupportedResponseTypes.Add(new ApiResponseType
                {
                    StatusCode = StatusCodes.Status403Forbidden,
                    Type = typeof(ProblemDetails),
                    ApiResponseFormats = { new ApiResponseFormat { MediaType = "application/problem+json" } },
                });
            }
        }
    }
}
