using Asp.Versioning;
using Mureka.Accounts;
using Mureka.Gateway.Auth;
using Microsoft.AspNetCore.Mvc;
using Mureka.Batching.Hosts;
using Mureka.Gateway.Dispatch;
using Mureka.Spec.Catalog;

namespace Mureka.Gateway.Generations;

/// <summary>The models callers can ask for: what the hosts report, else the spec's own catalogue.</summary>
[ApiController]
[ApiVersion(1.0)]
[RequireScope(ApiKeyScopes.Read)]
[Route("v{version:apiVersion}/models")]
public sealed class ModelsController(HostPool<HostClient> hosts) : ControllerBase
{
    [HttpGet]
    [EndpointName("listModels")]
    [EndpointSummary("List available models")]
    [Tags("models")]
    [ProducesResponseType<ModelList>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    public ModelList List()
    {
        var reported = hosts.Hosts.Select(h => h.Info).OfType<Contracts.Inference.V1.GetInfoResponse>()
            .SelectMany(i => i.Models)
            .GroupBy(m => m.Id)
            .Select(g => new ModelResource(g.Key, g.First().Version, g.First().Genres.ToList()))
            .ToList();
        if (reported.Count == 0)
        {
            reported = [.. MusicModels.All.Select(m => new ModelResource(m, null, GenreProfiles.All.Select(g => g.Id).ToList()))];
        }

        return new ModelList(reported);
    }
}

public sealed record ModelResource(string Id, string? Version, IReadOnlyList<string> Genres);

public sealed record ModelList(IReadOnlyList<ModelResource> Data);
