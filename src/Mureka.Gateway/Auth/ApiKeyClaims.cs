namespace Mureka.Gateway.Auth;

public static class ApiKeyClaims
{
    public const string TenantId = "mureka:tenant_id";
    public const string KeyId = "mureka:key_id";
    public const string KeyPrefix = "mureka:key_prefix";
    public const string Plan = "mureka:plan";

    /// <summary>One claim per scope the key holds (<c>generate</c>, <c>read</c>, <c>webhooks</c>, <c>keys</c>).</summary>
    public const string Scope = "mureka:scope";
}
