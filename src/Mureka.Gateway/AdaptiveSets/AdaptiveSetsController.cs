using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Mureka.Accounts;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Idempotency;
using Mureka.Gateway.Internal;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Storage;
using Mureka.Spec;
using Mureka.Spec.Adaptive;

namespace Mureka.Gateway.AdaptiveSets;

/// <summary>REST for adaptive sets: estimate, create, read, cancel, download the zip.</summary>
[ApiController]
[ApiVersion(1.0)]
[Authorize]
[Route("v{version:apiVersion}/adaptive-sets")]
public sealed class AdaptiveSetsController(AdaptiveSetService sets, AudioDownload download, IOptions<GatewayOptions> options) : ControllerBase
{
    private const string NoSuchSet = "No adaptive set with this id.";

    [HttpPost]
    [RequireScope(ApiKeyScopes.Generate)]
    [EndpointName("createAdaptiveSet")]
    [EndpointSummary("Create an adaptive set")]
    [Tags("adaptive-sets")]
    [ProducesResponseType<AdaptiveSetResource>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status402PaymentRequired, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        if (!SpecBodyReader.IsJsonOrUnlabelled(Request.ContentType))
        {
            return UnsupportedMediaType();
        }

        try
        {
            var spec = await ReadAsync(cancellationToken);
            var set = await sets.CreateAsync(HttpContext.Caller(), spec, HttpContext.Features.Get<IdempotencyFeature>()?.ReservationId, cancellationToken);
            return Accepted($"/v1/adaptive-sets/{set.Id}", set);
        }
        catch (Exception e) when (CreateRefusals.Is(e))
        {
            return CreateRefusals.Result(Response, e);
        }
    }

    [HttpPost("estimate")]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("estimateAdaptiveSet")]
    [EndpointSummary("Estimate an adaptive set's cost")]
    [Tags("adaptive-sets")]
    [ProducesResponseType<AdaptiveSetEstimate>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public async Task<IActionResult> Estimate(CancellationToken cancellationToken)
    {
        if (!SpecBodyReader.IsJsonOrUnlabelled(Request.ContentType))
        {
            return UnsupportedMediaType();
        }

        try
        {
            return Ok(await sets.EstimateAsync(HttpContext.Caller(), await ReadAsync(cancellationToken), cancellationToken));
        }
        catch (Exception e) when (e is BodyTooLargeException or RequestValidationException)
        {
            return CreateRefusals.Result(Response, e);
        }
    }

    [HttpGet("{id}")]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("getAdaptiveSet")]
    [EndpointSummary("Get an adaptive set")]
    [Tags("adaptive-sets")]
    [ProducesResponseType<AdaptiveSetResource>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(string id, CancellationToken cancellationToken)
    {
        var set = Guid.TryParse(id, out var guid) ? await sets.GetAsync(HttpContext.Caller().TenantId, guid, cancellationToken) : null;
        return set is null ? NotFoundSet() : Ok(set);
    }

    [HttpPost("{id}/cancel")]
    [RequireScope(ApiKeyScopes.Generate)]
    [EndpointName("cancelAdaptiveSet")]
    [EndpointSummary("Cancel an adaptive set")]
    [Tags("adaptive-sets")]
    [ProducesResponseType<AdaptiveSetResource>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> Cancel(string id, CancellationToken cancellationToken)
    {
        try
        {
            var set = Guid.TryParse(id, out var guid) ? await sets.CancelAsync(HttpContext.Caller().TenantId, guid, cancellationToken) : null;
            return set is null ? NotFoundSet() : Ok(set);
        }
        catch (GenerationConflictException e)
        {
            return ProblemResults.Problem(ProblemTypes.Conflict, e.Message, "The adaptive set cannot be canceled.");
        }
    }

    [HttpGet("{id}/archive")]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("downloadAdaptiveSetArchive")]
    [EndpointSummary("Download an adaptive set's zip")]
    [Tags("adaptive-sets")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK, "application/zip")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status206PartialContent, "application/zip")]
    [ProducesResponseType(StatusCodes.Status302Found)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status416RangeNotSatisfiable, "application/problem+json")]
    public async Task<IActionResult> Archive(string id, CancellationToken cancellationToken)
    {
        var caller = HttpContext.Caller();
        var view = Guid.TryParse(id, out var guid) ? await sets.GetViewAsync(caller.TenantId, guid, cancellationToken) : null;
        return view is null ? NotFoundSet() : await download.ServeAsync(HttpContext, view, AudioObjectKinds.Archive, caller.PlanId, cancellationToken);
    }

    /// <exception cref="BodyTooLargeException">More than the gateway's body limit.</exception>
    /// <exception cref="RequestValidationException">Not JSON, not an object, unknown fields, wrong types or bytes that are not UTF-8, each named.</exception>
    private Task<AdaptiveSetSpec> ReadAsync(CancellationToken cancellationToken) =>
        JsonBodyReader.ReadAsync<AdaptiveSetSpec>(Request, (int)Math.Min(int.MaxValue, options.Value.MaxRequestBodyBytes), cancellationToken);

    private static ObjectResult NotFoundSet() => ProblemResults.Problem(ProblemTypes.NotFound, NoSuchSet);

    private ObjectResult UnsupportedMediaType() =>
        ProblemResults.Problem(ProblemTypes.UnsupportedMediaType, $"Send the body as application/json (got {Request.ContentType}).");
}
