using Asp.Versioning;
using Mureka.Accounts;
using Microsoft.AspNetCore.Mvc;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Problems;
using Mureka.Spec;

namespace Mureka.Gateway.Webhooks;

/// <summary>REST for webhook endpoints: register, list, read, delete, rotate the secret, read the delivery log.</summary>
[ApiController]
[ApiVersion(1.0)]
[RequireScope(ApiKeyScopes.Webhooks)]
[Route("v{version:apiVersion}/webhook-endpoints")]
[Tags("webhooks")]
public sealed class WebhookEndpointsController(WebhookEndpointService endpoints) : ControllerBase
{
    private const string ProblemJson = "application/problem+json";

    [HttpPost]
    [EndpointName("createWebhookEndpoint")]
    [EndpointSummary("Register a webhook endpoint")]
    [ProducesResponseType<WebhookEndpointResource>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, ProblemJson)]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        WebhookEndpointRecord? created;
        try
        {
            var body = await WebhookEndpointBodyReader.ReadAsync(Request, cancellationToken);
            created = await endpoints.CreateAsync(HttpContext.Caller().TenantId, body, cancellationToken);
        }
        catch (BodyTooLargeException e)
        {
            return ProblemResults.Problem(ProblemTypes.BodyTooLarge, e.Message);
        }
        catch (RequestValidationException e)
        {
            return ProblemResults.Validation(e.Errors);
        }

        return created is null
            ? ProblemResults.Problem(ProblemTypes.Conflict, "Delete an endpoint before registering another.", "Too many webhook endpoints.")
            : Created($"/v1/webhook-endpoints/{created.Id}", WebhookEndpointResource.From(created, withSecret: true));
    }

    [HttpGet]
    [EndpointName("listWebhookEndpoints")]
    [EndpointSummary("List webhook endpoints")]
    [ProducesResponseType<WebhookEndpointList>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson)]
    public async Task<IActionResult> List(CancellationToken cancellationToken) =>
        Ok(new WebhookEndpointList((await endpoints.ListAsync(HttpContext.Caller().TenantId, cancellationToken)).Select(r => WebhookEndpointResource.From(r)).ToList()));

    [HttpGet("{id}")]
    [EndpointName("getWebhookEndpoint")]
    [EndpointSummary("Get a webhook endpoint")]
    [ProducesResponseType<WebhookEndpointResource>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    public async Task<IActionResult> Get(string id, CancellationToken cancellationToken)
    {
        var endpoint = Guid.TryParse(id, out var guid) ? await endpoints.GetAsync(HttpContext.Caller().TenantId, guid, cancellationToken) : null;
        return endpoint is null ? NotFoundProblem() : Ok(WebhookEndpointResource.From(endpoint));
    }

    [HttpDelete("{id}")]
    [EndpointName("deleteWebhookEndpoint")]
    [EndpointSummary("Delete a webhook endpoint")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    public async Task<IActionResult> Delete(string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var guid) && await endpoints.DeleteAsync(HttpContext.Caller().TenantId, guid, cancellationToken) ? NoContent() : NotFoundProblem();

    [HttpPost("{id}/rotate-secret")]
    [EndpointName("rotateWebhookEndpointSecret")]
    [EndpointSummary("Replace a webhook endpoint's signing secret")]
    [ProducesResponseType<WebhookEndpointResource>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    public async Task<IActionResult> RotateSecret(string id, CancellationToken cancellationToken)
    {
        var endpoint = Guid.TryParse(id, out var guid) ? await endpoints.RotateSecretAsync(HttpContext.Caller().TenantId, guid, cancellationToken) : null;
        return endpoint is null ? NotFoundProblem() : Ok(WebhookEndpointResource.From(endpoint, withSecret: true));
    }

    [HttpGet("{id}/deliveries")]
    [EndpointName("listWebhookDeliveries")]
    [EndpointSummary("Read a webhook endpoint's delivery log")]
    [ProducesResponseType<WebhookAttemptPage>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    public async Task<IActionResult> Deliveries(string id, [FromQuery] int? limit, [FromQuery] string? cursor, CancellationToken cancellationToken)
    {
        try
        {
            var page = Guid.TryParse(id, out var guid) ? await endpoints.ListDeliveriesAsync(HttpContext.Caller().TenantId, guid, limit, cursor, cancellationToken) : null;
            return page is not { } p ? NotFoundProblem() : Ok(new WebhookAttemptPage(p.Items.Select(WebhookAttemptResource.From).ToList(), p.NextCursor));
        }
        catch (RequestValidationException e)
        {
            return ProblemResults.Validation(e.Errors);
        }
    }

    private static ObjectResult NotFoundProblem() =>
        ProblemResults.Problem(ProblemTypes.NotFound, "No webhook endpoint with this id.");
}
