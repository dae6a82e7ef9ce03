using System.Text.Json;
using Asp.Versioning;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Mureka.Accounts;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Data;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Problems;

namespace Mureka.Gateway.Licenses;

/// <summary>A succeeded generation's licence certificate.</summary>
[ApiController]
[ApiVersion(1.0)]
[Authorize]
[Route("v{version:apiVersion}/generations/{id}/license")]
public sealed class LicensesController(GenerationService generations, LicenseIssuer issuer) : ControllerBase
{
    [HttpGet]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("getGenerationLicense")]
    [EndpointSummary("Get a generation's licence certificate")]
    [Tags("licenses")]
    [ProducesResponseType<LicenseResource>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> Get(string id, CancellationToken cancellationToken)
    {
        var (issued, refusal) = await IssueAsync(id, cancellationToken);
        return issued is null ? refusal! : Ok(new LicenseResource(issued.LicenseId, issued.Kid, issued.Certificate, issued.Claims(), LicenseKeysEndpoint.Path));
    }

    [HttpGet("~/v{version:apiVersion}/generations/{id}/license.html")]
    [RequireScope(ApiKeyScopes.Read)]
    [EndpointName("getGenerationLicenseDocument")]
    [EndpointSummary("Get a generation's licence certificate as a page to read or print")]
    [Tags("licenses")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/html")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> GetDocument(string id, CancellationToken cancellationToken)
    {
        var (issued, refusal) = await IssueAsync(id, cancellationToken);
        if (issued is null)
        {
            return refusal!;
        }

        Response.Headers.ContentSecurityPolicy = LicenseDocument.ContentSecurityPolicy;
        Response.Headers.XContentTypeOptions = "nosniff";
        return Content(LicenseDocument.Render(issued, LicenseKeysEndpoint.Path), "text/html; charset=utf-8");
    }

    /// <summary>The caller's succeeded generation's certificate (issued now if it has none), or the problem that refuses it.</summary>
    private async Task<(IssuedLicense? Issued, IActionResult? Refusal)> IssueAsync(string id, CancellationToken cancellationToken)
    {
        var caller = HttpContext.Caller();
        var view = Guid.TryParse(id, out var guid) ? await generations.GetAsync(caller.TenantId, guid, cancellationToken) : null;
        if (view is null)
        {
            return (null, ProblemResults.NotFound());
        }

        if (view.Record.Status != GenerationStatuses.Succeeded)
        {
            return (null, ProblemResults.Problem(ProblemTypes.Conflict, $"Only a succeeded generation is licensed; this one is {view.Record.Status}."));
        }

        return (await issuer.IssueAsync(view, caller.PlanId, cancellationToken), null);
    }
}

/// <param name="Certificate">The compact JWS (ES256); verify it with the key named by its <c>kid</c>.</param>
/// <param name="Claims">The certificate's payload, decoded for reading (trust only the verified certificate).</param>
/// <param name="KeysUrl">Where the verification keys are published.</param>
public sealed record LicenseResource(string LicenseId, string Kid, string Certificate, JsonElement Claims, string KeysUrl);
