using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Mureka.Engine.Requests;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Data;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Limits;
using Mureka.Gateway.Storage;

namespace Mureka.Gateway.Generations;

/// <summary>REST for generations: create, read, list, cancel, download.</summary>
[ApiController]
[ApiVersion(1.0)]
[Authorize]
[Route("v{version:apiVersion}/generations")]
public sealed class GenerationsController(GenerationService generations, IAudioStore store, IOptions<GatewayOptions> options) : ControllerBase
{
    [HttpPost]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        GenerationView view;
        try
        {
            var spec = await SpecBodyReader.ReadAsync(Request, options.Value.MaxRequestBodyBytes, cancellationToken);
            view = await generations.CreateAsync(HttpContext.ApiKey(), spec, cancellationToken);
        }
        catch (BodyTooLargeException e)
        {
            return ProblemResults.Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", e.Message);
        }
        catch (RequestValidationException e)
        {
            return ProblemResults.Validation(e.Errors);
        }
        catch (LimitExceededException e)
        {
            return LimitProblems.Result(Response, e.Violation);
        }
        catch (DispatchRejectedException e)
        {
            Response.Headers.RetryAfter = e.Admission.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return e.Admission.Rejection == DispatchRejection.NoHost
                ? ProblemResults.Problem(StatusCodes.Status503ServiceUnavailable, "No inference capacity is available.", e.Message)
                : ProblemResults.Problem(StatusCodes.Status429TooManyRequests, "Too many generations are queued.", e.Message);
        }

        var location = $"/v1/generations/{view.Record.Id}";
        if (PreferHeader.WaitSeconds(Request.Headers["Prefer"]) is { } wait)
        {
            Response.Headers["Preference-Applied"] = $"wait={wait}";
            view = await generations.WaitAsync(view.Record.TenantId, view.Record.Id, TimeSpan.FromSeconds(wait), cancellationToken) ?? view;
            if (view.Record.IsFinished)
            {
                Response.Headers.Location = location;
                return Ok(GenerationResource.From(view));
            }
        }

        return Accepted(location, GenerationResource.From(view));
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Get(string id, CancellationToken cancellationToken)
    {
        var view = Guid.TryParse(id, out var guid) ? await generations.GetAsync(User.TenantOf(), guid, cancellationToken) : null;
        // Polling is the hot path: the body of a finished generation is serialised once and reused.
        return view is null ? ProblemResults.NotFound() : new Utf8JsonResult(GenerationResource.JsonOf(view));
    }

    [HttpGet]
    public async Task<IActionResult> List([FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken)
    {
        try
        {
            var (items, next) = await generations.ListAsync(User.TenantOf(), limit, cursor, cancellationToken);
            return Ok(new GenerationPage(items.Select(GenerationResource.From).ToList(), next));
        }
        catch (RequestValidationException e)
        {
            return ProblemResults.Validation(e.Errors);
        }
    }

    [HttpPost("{id}/cancel")]
    public async Task<IActionResult> Cancel(string id, CancellationToken cancellationToken)
    {
        try
        {
            var view = Guid.TryParse(id, out var guid) ? await generations.CancelAsync(User.TenantOf(), guid, cancellationToken) : null;
            return view is null ? ProblemResults.NotFound() : Ok(GenerationResource.From(view));
        }
        catch (GenerationConflictException e)
        {
            return ProblemResults.Problem(StatusCodes.Status409Conflict, "The generation cannot be canceled.", e.Message);
        }
    }

    [HttpGet("{id}/audio")]
    public Task<IActionResult> Audio(string id, CancellationToken cancellationToken) => DownloadAsync(id, "mix", cancellationToken);

    [HttpGet("{id}/stems/{name}")]
    public Task<IActionResult> Stem(string id, string name, CancellationToken cancellationToken) =>
        name == "mix" ? Task.FromResult<IActionResult>(ProblemResults.NotFound()) : DownloadAsync(id, name, cancellationToken);

    private async Task<IActionResult> DownloadAsync(string id, string name, CancellationToken cancellationToken)
    {
        var view = Guid.TryParse(id, out var guid) ? await generations.GetAsync(User.TenantOf(), guid, cancellationToken) : null;
        if (view is null)
        {
            return ProblemResults.NotFound();
        }

        if (view.Record.Status != GenerationStatuses.Succeeded)
        {
            return ProblemResults.Problem(StatusCodes.Status409Conflict, "The audio is not available.", $"The generation is {view.Record.Status}; audio exists once it succeeded.");
        }

        var audio = view.Audio.FirstOrDefault(a => a.Name == name);
        var stream = audio is null ? null : await store.OpenReadAsync(audio.StorageKey, cancellationToken);
        if (audio is null || stream is null)
        {
            return ProblemResults.Problem(StatusCodes.Status404NotFound, "Not found", $"This generation has no audio object '{name}'.");
        }

        // Strong ETag from the content hash: Range, If-Range and If-None-Match are handled by the file result.
        return File(stream, audio.ContentType, lastModified: null, entityTag: new EntityTagHeaderValue($"\"{audio.Sha256}\""), enableRangeProcessing: true);
    }
}
