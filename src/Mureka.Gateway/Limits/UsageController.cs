using Asp.Versioning;
using Mureka.Accounts;
using Microsoft.AspNetCore.Mvc;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Problems;
using Mureka.Spec;

namespace Mureka.Gateway.Limits;

/// <summary>REST for the tenant's metered usage.</summary>
[ApiController]
[ApiVersion(1.0)]
[RequireScope(ApiKeyScopes.Read)]
[Route("v{version:apiVersion}/usage")]
public sealed class UsageController(LimitsRepository repository, TimeProvider timeProvider) : ControllerBase
{
    [HttpGet]
    [EndpointName("getUsage")]
    [EndpointSummary("Rendered seconds by period and model")]
    [Tags("usage")]
    [ProducesResponseType<UsageReport>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public async Task<IActionResult> Get([FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? granularity, CancellationToken cancellationToken)
    {
        UsageQuery query;
        try
        {
            query = UsageQuery.Parse(from, to, granularity, timeProvider.GetUtcNow());
        }
        catch (RequestValidationException e)
        {
            return ProblemResults.Validation(e.Errors);
        }

        var rows = await repository.GetUsageAsync(HttpContext.Caller().TenantId, query.From, query.To, query.Granularity, cancellationToken);
        return Ok(UsageReport.Build(query, rows));
    }
}
