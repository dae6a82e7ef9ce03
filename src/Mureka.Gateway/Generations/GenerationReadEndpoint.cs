using Mureka.Accounts;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Downloads;
using Mureka.Gateway.Problems;

namespace Mureka.Gateway.Generations;

/// <summary>
/// <c>GET /v1/generations/{id}</c> as a minimal endpoint outside MVC. Clients poll it, so it is the API's hottest
/// route, and for a finished generation the answer is bytes serialised once: what remained was MVC's own work
/// (API-version routing, controller activation, filters, result executors). Authentication, the read scope, rate
/// limits, problem answers and the database-outage 503 are the same middleware and services as every other route.
/// </summary>
internal static class GenerationReadEndpoint
{
    public static IEndpointRouteBuilder MapGenerationRead(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/generations/{id}", GetAsync)
            .WithMetadata(new RequireScopeAttribute(ApiKeyScopes.Read))
            .WithName("getGeneration")
            .WithSummary("Get a generation")
            .WithTags("generations")
            .Produces<GenerationResource>(StatusCodes.Status200OK, "application/json")
            // The refusals the shared middleware adds to every route (MVC's get them from the API description providers):
            // a key without the read scope, rate limits, a database outage.
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, GenerationService generations, DownloadLinks links, CancellationToken cancellationToken)
    {
        // A malformed id and another tenant's id read exactly like a missing one.
        var view = Guid.TryParse(id, out var guid) ? await generations.GetAsync(http.Caller().TenantId, guid, cancellationToken) : null;
        return view is null
            ? TypedResults.Problem(ProblemResults.Details(ProblemTypes.NotFound, ProblemResults.NoSuchGeneration))
            : TypedResults.Bytes(GenerationResource.JsonOf(view, await links.SignerAsync(cancellationToken)), "application/json; charset=utf-8");
    }
}
