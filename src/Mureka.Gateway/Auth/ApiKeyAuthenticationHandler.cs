using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Mureka.Accounts;
using Mureka.Gateway.Internal;
using Mureka.Gateway.Limits;

namespace Mureka.Gateway.Auth;

/// <summary>
/// <c>Authorization: Bearer mk_…</c>. Keys that fail the offline format check are refused without a
/// database lookup. Requests without a valid key count against their address's <see cref="AuthThrottle"/>
/// (a key once the database refuses it); over it they are answered 429 (gRPC: RESOURCE_EXHAUSTED) and keys
/// not seen valid lately are not looked up. A valid key is never counted. Only a key's display prefix is ever
/// logged, and no answer repeats what the header held.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyAuthenticator authenticator,
    AuthThrottle throttle,
    KeyUsageRecorder usage,
    RefusedKeyLog refusals,
    IProblemDetailsService problemDetails,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        try
        {
            return await AuthenticateKeyAsync();
        }
        finally
        {
            // A refusal has let go of its lookup permit when it was charged; a valid key, or a lookup that failed, here.
            AuthThrottle.ReleaseLookupHold(Context);
        }
    }

    private async Task<AuthenticateResult> AuthenticateKeyAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("the Authorization header is not a Bearer token");
        }

        var key = header["Bearer ".Length..].Trim();
        if (!ApiKeyFormat.LooksValid(key))
        {
            return AuthenticateResult.Fail("the Authorization header does not hold a well-formed API key");
        }

        // A database failure is not a refused key: it propagates, and DatabaseUnavailableExceptionHandler
        // answers 503 (gRPC: UNAVAILABLE) instead of a 401 that would tell the caller its key is bad.
        var check = await authenticator.CheckAsync(key, cancellationToken => throttle.AdmitLookupAsync(Context, cancellationToken), Context.RequestAborted);
        if (check.Outcome == KeyCheckOutcome.NotLookedUp)
        {
            // The throttle has recorded the refusal: the challenge answers 429.
            return AuthenticateResult.Fail("too many requests without a valid API key from this address");
        }

        if (check.Principal is not { } principal)
        {
            // Never the key itself: its display prefix identifies it in listings.
            refusals.Refused(ApiKeyFormat.DisplayPrefix(key));
            throttle.TryCount(Context, out _);
            return AuthenticateResult.Fail("the API key is unknown or revoked");
        }

        // A rotated key's grace period can end while its answer is cached: the expiry is checked on every request.
        if (principal.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow())
        {
            throttle.TryCount(Context, out _);
            return AuthenticateResult.Fail("the API key has expired (it was rotated)");
        }

        usage.Touch(principal.KeyId);
        Context.SetCaller(principal);
        var identity = new ClaimsIdentity(
            [
                new Claim(ApiKeyClaims.TenantId, principal.TenantId.ToString()),
                new Claim(ApiKeyClaims.KeyId, principal.KeyId.ToString()),
                new Claim(ApiKeyClaims.KeyPrefix, principal.DisplayPrefix),
                new Claim(ApiKeyClaims.Plan, principal.PlanId),
                .. ApiKeyScopeNames.ToNames(principal.Scopes).Select(scope => new Claim(ApiKeyClaims.Scope, scope)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        // Counted here when nothing counted it yet (no key, a malformed one): each refused request once.
        if (!throttle.TryCount(Context, out var retryAfterSeconds))
        {
            await RateLimitRejection.WriteAsync(Context, new LimitViolation(
                LimitViolation.UnauthenticatedRequests, throttle.RefusalsPerMinute, throttle.RefusalsPerMinute, 1, null, retryAfterSeconds));
            return;
        }

        var invalid = result.Failure is not null;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = invalid ? "Bearer realm=\"mureka\", error=\"invalid_token\"" : "Bearer realm=\"mureka\"";
        if (GrpcTrailersOnly.IsGrpc(Request))
        {
            // grpc-dotnet clients turn HTTP 401 into UNAUTHENTICATED.
            return;
        }

        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = invalid
                    ? result.Failure!.Message
                    : "Send an API key: Authorization: Bearer mk_live_…",
            },
        });
    }
}
