using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Limits;
using Mureka.Gateway.Problems;

namespace Mureka.Gateway.Downloads;

/// <summary>
/// Downloads through a signed, expiring link (an audio object's <c>download_url</c>). Anonymous: the token is the
/// authorisation, like an object store's presigned URL, so an &lt;audio&gt; tag, a CDN or a colleague can fetch it.
/// A link keeps working until it expires even if the key that read it is revoked.
/// </summary>
[ApiController]
[ApiVersion(1.0)]
[AllowAnonymous]
[Route("v{version:apiVersion}/downloads")]
public sealed class DownloadsController(DownloadLinks links, GenerationService generations, LimitsRepository limits, AudioDownload download) : ControllerBase
{
    [HttpGet("{token}")]
    [EndpointName("downloadWithLink")]
    [EndpointSummary("Download audio through a signed link")]
    [Tags("generations")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status200OK, "audio/wav", "audio/flac", "audio/mpeg", "audio/ogg")]
    [ProducesResponseType<FileStreamResult>(StatusCodes.Status206PartialContent, "audio/wav", "audio/flac", "audio/mpeg", "audio/ogg")]
    [ProducesResponseType(StatusCodes.Status302Found)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status410Gone, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status416RangeNotSatisfiable, "application/problem+json")]
    public async Task<IActionResult> Download(string token, CancellationToken cancellationToken)
    {
        // Any page may fetch the audio (a waveform drawn in the browser): the link itself is the credential, no cookie is involved.
        Response.Headers.AccessControlAllowOrigin = "*";
        if (await links.ReadAsync(token, cancellationToken) is not { } claim)
        {
            return ProblemResults.Problem(ProblemTypes.DownloadLinkInvalid, "This download link is malformed or its signature does not match; copy the whole download_url.");
        }

        if (links.HasExpired(claim))
        {
            return ProblemResults.Problem(ProblemTypes.DownloadLinkExpired, $"This download link expired at {claim.ExpiresAt.UtcDateTime:O}; read the generation again for a fresh download_url.");
        }

        var view = await generations.GetAsync(claim.TenantId, claim.GenerationId, cancellationToken);
        var planId = view is null ? null : await limits.GetTenantPlanIdAsync(claim.TenantId, cancellationToken);
        if (view is null || planId is null)
        {
            return ProblemResults.NotFound();
        }

        return await download.ServeAsync(HttpContext, view, claim.ObjectName, planId, cancellationToken);
    }
}
