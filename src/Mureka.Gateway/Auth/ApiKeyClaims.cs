using System.Security.Claims;
using Mureka.Accounts;

namespace Mureka.Gateway.Auth;

public static class ApiKeyClaims
{
    public const string TenantId = "mureka:tenant_id";
    public const string KeyId = "mureka:key_id";
    public const string KeyPrefix = "mureka:key_prefix";
    public const string Plan = "mureka:plan";

    /// <summary>The authenticated key of the request; only call behind [Authorize].</summary>
    public static ApiKeyPrincipal ApiKey(this HttpContext context) =>
        context.Items[typeof(ApiKeyPrincipal)] as ApiKeyPrincipal
        ?? throw new InvalidOperationException("no authenticated API key on this request");

    public static Guid TenantOf(this ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(TenantId)!);
}
