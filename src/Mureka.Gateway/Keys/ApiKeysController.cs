using Asp.Versioning;
using Microsoft.AspNetCore.Mvc;
using Mureka.Accounts;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Idempotency;
using Mureka.Gateway.Internal;
using Mureka.Gateway.Problems;
using Mureka.Spec;

namespace Mureka.Gateway.Keys;

/// <summary>
/// Self-service API keys: a tenant's own keys, made, listed, rotated and revoked with a key that has the
/// <c>keys</c> scope. A key only sees and makes keys of its own environment (a test key: test keys), and grants no
/// scope it lacks itself. Operators keep <c>mureka admin keys</c> for everything else.
/// </summary>
[ApiController]
[ApiVersion(1.0)]
[RequireScope(ApiKeyScopes.Keys)]
[Route("v{version:apiVersion}/api-keys")]
[Tags("api-keys")]
public sealed class ApiKeysController(AccountsService accounts, TimeProvider time) : ControllerBase
{
    /// <summary>Working keys per tenant: enough for every service and colleague, few enough that listing stays a glance.</summary>
    public const int MaxActiveKeys = 50;

    private const int MaxBodyBytes = 4 * 1024;
    private const string ProblemJson = "application/problem+json";

    [HttpPost]
    [SecretInResponse]
    [EndpointName("createApiKey")]
    [EndpointSummary("Create an API key")]
    [ProducesResponseType<CreatedApiKeyResource>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, ProblemJson)]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        var caller = HttpContext.Caller();
        string? name;
        ApiKeyScopes scopes;
        try
        {
            var body = await JsonBodyReader.ReadAsync<CreateApiKeyBody>(Request, MaxBodyBytes, cancellationToken);
            (name, var asked) = ApiKeyRequestValidator.Validate(body);
            scopes = asked ?? caller.Scopes;
        }
        catch (BodyTooLargeException e)
        {
            return ProblemResults.Problem(ProblemTypes.BodyTooLarge, e.Message);
        }
        catch (RequestValidationException e)
        {
            return ProblemResults.Validation(e.Errors);
        }

        if ((scopes & ~caller.Scopes) is var beyond and not ApiKeyScopes.None)
        {
            return ProblemResults.Problem(ProblemTypes.Forbidden,
                $"A key can only grant scopes it has itself; this one lacks {string.Join(", ", ApiKeyScopeNames.ToNames(beyond))}.", "The key would have more scopes than the caller's.");
        }

        var created = await accounts.CreateKeyAsync(caller.TenantId, name, test: !caller.Livemode, scopes, MaxActiveKeys, cancellationToken);
        return created is null
            ? ProblemResults.Problem(ProblemTypes.Conflict, $"The account has {MaxActiveKeys} working keys; revoke one before creating another.", "Too many API keys.")
            : Created($"/v1/api-keys/{created.Info.Id}", new CreatedApiKeyResource(created, time.GetUtcNow()));
    }

    [HttpGet]
    [EndpointName("listApiKeys")]
    [EndpointSummary("List API keys")]
    [ProducesResponseType<ApiKeyList>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson)]
    public async Task<IActionResult> List(CancellationToken cancellationToken)
    {
        var caller = HttpContext.Caller();
        var now = time.GetUtcNow();
        var keys = await accounts.ListKeysAsync(caller.TenantId, cancellationToken);
        return Ok(new ApiKeyList([.. keys.Where(k => k.Environment == caller.Environment).Select(k => ApiKeyResource.From(k, now))]));
    }

    [HttpGet("{id}")]
    [EndpointName("getApiKey")]
    [EndpointSummary("Get an API key")]
    [ProducesResponseType<ApiKeyResource>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    public async Task<IActionResult> Get(string id, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) is { } key ? Ok(ApiKeyResource.From(key, time.GetUtcNow())) : NotFoundProblem();

    [HttpDelete("{id}")]
    [EndpointName("revokeApiKey")]
    [EndpointSummary("Revoke an API key")]
    [ProducesResponseType<ApiKeyResource>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    public async Task<IActionResult> Revoke(string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } key)
        {
            return NotFoundProblem();
        }

        var revoked = await accounts.RevokeKeyAsync(key.TenantId, key.Id, cancellationToken);
        return revoked is null ? NotFoundProblem() : Ok(ApiKeyResource.From(revoked, time.GetUtcNow()));
    }

    [HttpPost("{id}/rotate")]
    [SecretInResponse]
    [EndpointName("rotateApiKey")]
    [EndpointSummary("Replace an API key by a new one")]
    [ProducesResponseType<RotatedApiKeyResource>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ProblemJson)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, ProblemJson)]
    public async Task<IActionResult> Rotate(string id, CancellationToken cancellationToken)
    {
        TimeSpan grace;
        try
        {
            grace = ApiKeyRequestValidator.Validate(await JsonBodyReader.ReadAsync<RotateApiKeyBody>(Request, MaxBodyBytes, cancellationToken));
        }
        catch (BodyTooLargeException e)
        {
            return ProblemResults.Problem(ProblemTypes.BodyTooLarge, e.Message);
        }
        catch (RequestValidationException e)
        {
            return ProblemResults.Validation(e.Errors);
        }

        if (await FindAsync(id, cancellationToken) is not { } key)
        {
            return NotFoundProblem();
        }

        try
        {
            var rotated = await accounts.RotateKeyAsync(key.TenantId, key.Id, grace, cancellationToken);
            var now = time.GetUtcNow();
            return rotated is null
                ? NotFoundProblem()
                : Created($"/v1/api-keys/{rotated.Created.Info.Id}", new RotatedApiKeyResource(new CreatedApiKeyResource(rotated.Created, now), ApiKeyResource.From(rotated.Old, now)));
        }
        catch (InvalidOperationException e)
        {
            return ProblemResults.Problem(ProblemTypes.Conflict, e.Message, "The key cannot be rotated.");
        }
    }

    /// <returns>The caller's tenant's key of the caller's environment; null for a malformed id and for any other key (they read alike).</returns>
    private async Task<ApiKeyInfo?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var caller = HttpContext.Caller();
        return Guid.TryParse(id, out var guid) && await accounts.GetKeyAsync(caller.TenantId, guid, cancellationToken) is { } key && key.Environment == caller.Environment
            ? key
            : null;
    }

    private static ObjectResult NotFoundProblem() =>
        ProblemResults.Problem(ProblemTypes.NotFound, "No API key with this id.");
}
