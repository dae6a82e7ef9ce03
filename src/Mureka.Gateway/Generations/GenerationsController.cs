using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Mureka.Accounts;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Data;
using Mureka.Gateway.Downloads;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Limits;
using Mureka.Gateway.Idempotency;
using Mureka.Gateway.Internal;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Storage;
using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>REST for generations: create, read, list, cancel, download.</summary>
[ApiController]
[ApiVersion(1.0)]
[Authorize]
[Route("v{version:apiVersion}/generations")]
public sealed class GenerationsController(GenerationService generations, GenerationEstimator estimator, AudioDownload download, DownloadLinks links, IOptions<GatewayOptions> options) : ControllerBase
{
    [HttpPost]
    [RequireScope(ApiKeyScopes.Generate)]
    [EndpointName("createGeneration")]
    [EndpointSummary("Create a generation")]
    [Tags("generations")]
    [ProducesResponseType<GenerationResource>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<GenerationResource>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status402PaymentRequired, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        if (!SpecBodyReader.IsSpecBody(Request.ContentType))
        {
            return ProblemResults.Problem(ProblemTypes.UnsupportedMediaType, $"Send the body as application/json, or as multipart/form-data with a theme file (got {Request.ContentType}).");
        }

        GenerationView view;
        try
        {
            var spec = await SpecBodyReader.ReadAsync(Request, options.Value.MaxRequestBodyBytes, cancellationToken);
            view = await generations.CreateAsync(HttpContext.Caller(), spec, cancellationToken, HttpContext.Features.Get<IdempotencyFeature>()?.ReservationId);
        }
        catch (Exception e) when (IsCreateRefusal(e))
        {
            return CreateRefusal(e);
        }

        var location = $"/v1/generations/{view.Record.Id}";
        if (PreferHeader.WaitSeconds(Request.Headers["Prefer"]) is { } wait)
        {
            Response.Headers["Preference-Applied"] = $"wait={wait}";
            view = await generations.WaitAsync(view.Record.TenantId, view.Record.Id, TimeSpan.FromSeconds(wait), cancellationToken) ?? view;
            if (view.Record.IsFinished)
            {
                Response.Headers.Location = location;
                return Ok(GenerationResource.From(view, await links.SignerAsync(cancellationToken)));
            }
        }

        return Accepted(location, GenerationResource.From(view, await links.SignerAsync(cancellationToken)));
    }

    [HttpPost("variations")]
    [RequireScope(ApiKeyScopes.Generate)]
    [EndpointName("createVariations")]
    [EndpointSummary("Create variations of one request")]
    [Tags("generations")]
    [ProducesResponseType<GenerationBatchResource>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status402PaymentRequired, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public async Task<IActionResult> CreateVariations(CancellationToken cancellationToken)
    {
        if (!SpecBodyReader.IsJsonOrUnlabelled(Request.ContentType))
        {
            return ProblemResults.Problem(ProblemTypes.UnsupportedMediaType, $"Send the body as application/json (got {Request.ContentType}).");
        }

        GenerationBatch batch;
        try
        {
            var (spec, count) = await SpecBodyReader.ReadVariationsAsync(Request, options.Value.MaxRequestBodyBytes, cancellationToken);
            batch = await generations.CreateVariationsAsync(HttpContext.Caller(), spec, count, HttpContext.Features.Get<IdempotencyFeature>()?.ReservationId, cancellationToken);
        }
        catch (Exception e) when (IsCreateRefusal(e))
        {
            return CreateRefusal(e);
        }

        var signer = await links.SignerAsync(cancellationToken);
        return Accepted($"/v1/generations?batch_id={batch.BatchId}", GenerationBatchResource.From(batch, signer));
    }

    [HttpPost("{id}/versions")]
    [RequireScope(ApiKeyScopes.Generate)]
    [EndpointName("createVersion")]
    [EndpointSummary("Create a version of a track")]
    [Tags("generations")]
    [ProducesResponseType<GenerationResource>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status402PaymentRequired, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public Task<IActionResult> CreateVersion(string id, CancellationToken cancellationToken) =>
        CreateFromTrackAsync(id, generations.CreateVersionAsync, cancellationToken);

    [HttpPost("{id}/extend")]
    [RequireScope(ApiKeyScopes.Generate)]
    [EndpointName("extendGeneration")]
    [EndpointSummary("Extend a track")]
    [Tags("generations")]
    [ProducesResponseType<GenerationResource>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status402PaymentRequired, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable, "application/problem+json")]
    public Task<IActionResult> Extend(string id, CancellationToken cancellationToken) =>
        CreateFromTrackAsync(id, generations.CreateExtensionAsync, cancellationToken);

    /// <summary>
    /// A create that starts from one of the caller's tracks (a version, an extension): a JSON body of changes, 404 for
    /// a malformed or foreign id, the create refusals, else 202 with the new generation.
    /// </summary>
    private async Task<IActionResult> CreateFromTrackAsync(
        string id,
        Func<ApiKeyPrincipal, Guid, MusicSpec, Guid?, CancellationToken, Task<GenerationView?>> create,
        CancellationToken cancellationToken)
    {
        if (!SpecBodyReader.IsJsonOrUnlabelled(Request.ContentType))
        {
            return ProblemResults.Problem(ProblemTypes.UnsupportedMediaType, $"Send the body as application/json (got {Request.ContentType}).");
        }

        if (!Guid.TryParse(id, out var parentId))
        {
            return ProblemResults.NotFound();
        }

        GenerationView? view;
        try
        {
            var changes = await SpecBodyReader.ReadChangesAsync(Request, options.Value.MaxRequestBodyBytes, cancellationToken);
            view = await create(HttpContext.Caller(), parentId, changes, HttpContext.Features.Get<IdempotencyFeature>()?.ReservationId, cancellationToken);
        }
        catch (Exception e) when (IsCreateRefusal(e))
        {
            return CreateRefusal(e);
        }

        return view is null
            ? ProblemResults.NotFound()
            : Accepted($"/v1/generations/{view.Record.Id}", GenerationResource.From(view, await links.SignerAsync(cancellationToken)));
    }

    [HttpPost("{id}/extend/estimate")]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("estimateExtension")]
    [EndpointSummary("Estimate an extension's cost")]
    [Tags("generations")]
    [ProducesResponseType<GenerationEstimate>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<IActionResult> EstimateExtension(string id, CancellationToken cancellationToken)
    {
        if (!SpecBodyReader.IsJsonOrUnlabelled(Request.ContentType))
        {
            return ProblemResults.Problem(ProblemTypes.UnsupportedMediaType, $"Send the body as application/json (got {Request.ContentType}).");
        }

        if (!Guid.TryParse(id, out var parentId))
        {
            return ProblemResults.NotFound();
        }

        try
        {
            var changes = await SpecBodyReader.ReadChangesAsync(Request, options.Value.MaxRequestBodyBytes, cancellationToken);
            var caller = HttpContext.Caller();
            var resolved = await generations.ResolveExtensionAsync(caller.TenantId, parentId, changes, cancellationToken);
            return resolved is null ? ProblemResults.NotFound() : Ok(await estimator.EstimateResolvedAsync(caller, resolved, cancellationToken));
        }
        catch (Exception e) when (e is BodyTooLargeException or RequestValidationException or GenerationConflictException)
        {
            return CreateRefusal(e);
        }
    }

    private static bool IsCreateRefusal(Exception e) => CreateRefusals.Is(e);

    private ObjectResult CreateRefusal(Exception refusal) => CreateRefusals.Result(Response, refusal);

    [HttpGet("{id}/events")]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("streamGenerationEvents")]
    [EndpointSummary("Follow a generation as server-sent events")]
    [Tags("generations")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/event-stream")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Events(string id, [FromServices] GenerationFollower follower, [FromServices] IHostApplicationLifetime lifetime, [FromServices] TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var view = await FindAsync(id, cancellationToken);
        if (view is null)
        {
            return ProblemResults.NotFound();
        }

        // A replica that is shutting down ends its streams at once; clients reconnect (to another replica) and carry on.
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        HttpContext.Response.RegisterForDispose(stopping);
        return new ResultAction(TypedResults.ServerSentEvents(GenerationEvents.StreamAsync(follower, view.Record.TenantId, view, links, timeProvider, stopping.Token)));
    }

    [HttpPost("estimate")]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("estimateGeneration")]
    [EndpointSummary("Estimate a generation's cost")]
    [Tags("generations")]
    [ProducesResponseType<GenerationEstimate>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public async Task<IActionResult> Estimate(CancellationToken cancellationToken)
    {
        if (!SpecBodyReader.IsSpecBody(Request.ContentType))
        {
            return ProblemResults.Problem(ProblemTypes.UnsupportedMediaType, $"Send the body as application/json, or as multipart/form-data with a theme file (got {Request.ContentType}).");
        }

        try
        {
            var spec = await SpecBodyReader.ReadAsync(Request, options.Value.MaxRequestBodyBytes, cancellationToken);
            return Ok(await estimator.EstimateAsync(HttpContext.Caller(), spec, cancellationToken));
        }
        catch (Exception e) when (e is BodyTooLargeException or RequestValidationException)
        {
            return CreateRefusal(e);
        }
    }

    [HttpGet]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("listGenerations")]
    [EndpointSummary("List generations")]
    [Tags("generations")]
    [ProducesResponseType<GenerationPage>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    public async Task<IActionResult> List(
        [FromQuery] int? limit,
        [FromQuery] string? cursor,
        [FromQuery] string? status,
        [FromQuery] string? genre,
        [FromQuery] string? mood,
        [FromQuery] string? key,
        [FromQuery] string? mode,
        [FromQuery(Name = "min_bpm")] double? minBpm,
        [FromQuery(Name = "max_bpm")] double? maxBpm,
        [FromQuery(Name = "min_duration_ms")] long? minDurationMs,
        [FromQuery(Name = "max_duration_ms")] long? maxDurationMs,
        [FromQuery] int? intensity,
        [FromQuery] bool? loop,
        [FromQuery] bool? stems,
        [FromQuery(Name = "created_after")] DateTimeOffset? createdAfter,
        [FromQuery(Name = "created_before")] DateTimeOffset? createdBefore,
        [FromQuery] string?[]? label,
        [FromQuery] string? q,
        [FromQuery] string? sort,
        [FromQuery(Name = "batch_id")] string? batchId,
        [FromQuery(Name = "parent_id")] string? parentId,
        CancellationToken cancellationToken)
    {
        try
        {
            var request = new GenerationListRequest
            {
                Limit = limit, Cursor = cursor, Status = status, Genre = genre, Mood = mood, Key = key, Mode = mode,
                MinBpm = minBpm, MaxBpm = maxBpm, MinDurationMs = minDurationMs, MaxDurationMs = maxDurationMs,
                Intensity = intensity, Loop = loop, Stems = stems, CreatedAfter = createdAfter, CreatedBefore = createdBefore,
                LabelPairs = label, Q = q, Sort = sort, BatchId = batchId, ParentId = parentId,
            };
            var (items, next) = await generations.ListAsync(HttpContext.Caller().TenantId, request, cancellationToken);
            var signer = await links.SignerAsync(cancellationToken);
            return Ok(new GenerationPage(items.Select(v => GenerationResource.From(v, signer)).ToList(), next));
        }
        catch (RequestValidationException e)
        {
            return ProblemResults.Validation(e.Errors);
        }
    }

    [HttpPost("{id}/cancel")]
    [RequireScope(ApiKeyScopes.Generate)]
    [EndpointName("cancelGeneration")]
    [EndpointSummary("Cancel a generation")]
    [Tags("generations")]
    [ProducesResponseType<GenerationResource>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> Cancel(string id, CancellationToken cancellationToken)
    {
        try
        {
            var view = Guid.TryParse(id, out var guid) ? await generations.CancelAsync(HttpContext.Caller().TenantId, guid, cancellationToken) : null;
            return view is null ? ProblemResults.NotFound() : Ok(GenerationResource.From(view, await links.SignerAsync(cancellationToken)));
        }
        catch (GenerationConflictException e)
        {
            return ProblemResults.Problem(ProblemTypes.Conflict, e.Message, "The generation cannot be canceled.");
        }
    }

    [HttpGet("{id}/audio")]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("downloadGenerationAudio")]
    [EndpointSummary("Download the mix")]
    [Tags("generations")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK, "audio/wav", "audio/flac", "audio/mpeg", "audio/ogg")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status206PartialContent, "audio/wav", "audio/flac", "audio/mpeg", "audio/ogg")]
    [ProducesResponseType(StatusCodes.Status302Found)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status416RangeNotSatisfiable, "application/problem+json")]
    public Task<IActionResult> Audio(string id, CancellationToken cancellationToken) => DownloadAsync(id, "mix", cancellationToken);

    [HttpGet("{id}/audio/stream")]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("streamGenerationAudio")]
    [EndpointSummary("Download the mix while it renders")]
    [Tags("generations")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK, "audio/wav", "audio/flac", "audio/mpeg", "audio/ogg")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    public async Task<IActionResult> StreamAudio(string id, [FromServices] GenerationFollower follower, [FromServices] IAudioStore store, CancellationToken cancellationToken)
    {
        var view = await FindAsync(id, cancellationToken);
        if (view is null)
        {
            return ProblemResults.NotFound();
        }

        var planId = HttpContext.Caller().PlanId;
        return view.Record.IsFinished
            ? await download.ServeAsync(HttpContext, view, "mix", planId, cancellationToken)
            : new ProgressiveAudioResult(follower, store, download, view, planId);
    }

    [HttpGet("{id}/stems/{name}")]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("downloadGenerationStem")]
    [EndpointSummary("Download a stem")]
    [Tags("generations")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK, "audio/wav", "audio/flac", "audio/mpeg", "audio/ogg")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status206PartialContent, "audio/wav", "audio/flac", "audio/mpeg", "audio/ogg")]
    [ProducesResponseType(StatusCodes.Status302Found)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status416RangeNotSatisfiable, "application/problem+json")]
    public Task<IActionResult> Stem(string id, string name, CancellationToken cancellationToken) =>
        name is AudioObjectKinds.Mix or AudioObjectKinds.Score or AudioObjectKinds.Continuation or AudioObjectKinds.Archive ? Task.FromResult<IActionResult>(ProblemResults.NotFound()) : DownloadAsync(id, name, cancellationToken);

    [HttpGet("{id}/score")]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("downloadGenerationScore")]
    [EndpointSummary("Download the score as MIDI")]
    [Tags("generations")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK, "audio/midi")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status206PartialContent, "audio/midi")]
    [ProducesResponseType(StatusCodes.Status302Found)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status416RangeNotSatisfiable, "application/problem+json")]
    public Task<IActionResult> Score(string id, CancellationToken cancellationToken) => DownloadAsync(id, AudioObjectKinds.Score, cancellationToken);

    [HttpGet("{id}/continuation")]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("downloadGenerationContinuation")]
    [EndpointSummary("Download an extension's continuation")]
    [Tags("generations")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK, "audio/wav", "audio/flac", "audio/mpeg", "audio/ogg")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status206PartialContent, "audio/wav", "audio/flac", "audio/mpeg", "audio/ogg")]
    [ProducesResponseType(StatusCodes.Status302Found)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status416RangeNotSatisfiable, "application/problem+json")]
    public Task<IActionResult> Continuation(string id, CancellationToken cancellationToken) => DownloadAsync(id, AudioObjectKinds.Continuation, cancellationToken);

    private async Task<IActionResult> DownloadAsync(string id, string name, CancellationToken cancellationToken)
    {
        var view = await FindAsync(id, cancellationToken);
        return view is null ? ProblemResults.NotFound() : await download.ServeAsync(HttpContext, view, name, HttpContext.Caller().PlanId, cancellationToken);
    }

    /// <returns>Null for a malformed id and for an id the caller's tenant does not have (they read alike).</returns>
    private async Task<GenerationView?> FindAsync(string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var guid) ? await generations.GetAsync(HttpContext.Caller().TenantId, guid, cancellationToken) : null;
}
