using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Mureka.Gateway.Idempotency;

/// <summary>
/// Describes what <see cref="IdempotencyMiddleware"/> adds to every POST it covers: the optional
/// <c>Idempotency-Key</c> header and its 400, 409 and 422 problems. The spec drift test then demands
/// them in openapi.yaml for each such operation, including ones added later.
/// </summary>
internal sealed class IdempotencyApiDescriptionProvider : IApiDescriptionProvider
{
    private static readonly int[] Statuses = [StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity];

    // After the built-in providers (MVC's runs at -1000), which create the descriptions.
    public int Order => 100;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
        foreach (var description in context.Results.Where(d => IdempotencyMiddleware.Covers(d.HttpMethod, "/" + d.RelativePath, d.ActionDescriptor.EndpointMetadata.ToList())))
        {
            description.ParameterDescriptions.Add(new ApiParameterDescription
            {
                Name = IdempotencyKeyHeader.Name,
                Source = BindingSource.Header,
                Type = typeof(string),
                IsRequired = false,
            });
            foreach (var status in Statuses.Where(s => description.SupportedResponseTypes.All(r => r.StatusCode != s)))
            {
                description.SupportedResponseTypes.Add(new ApiResponseType
                {
                    StatusCode = status,
                    Type = typeof(ProblemDetails),
                    ApiResponseFormats = { new ApiResponseFormat { MediaType = "application/problem+json" } },
                });
            }
        }
    }
}
