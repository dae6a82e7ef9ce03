namespace Mureka.Accounts;

public sealed record Tenant(Guid Id, string Name, string PlanId, DateTimeOffset CreatedAt, DateTimeOffset? SuspendedAt);

/// <summary>A key as listed: never the key itself, only its display prefix.</summary>
public sealed record ApiKeyInfo(Guid Id, Guid TenantId, string Name, string Environment, string DisplayPrefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Returned once, when a key is created; the plaintext is not stored anywhere.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key);

/// <summary>Who a valid key belongs to.</summary>
/// <param name="Environment">The key's stored environment (<c>api_keys.environment</c>): <see cref="ApiKeyEnvironments.Live"/> or <see cref="ApiKeyEnvironments.Test"/>.</param>
public sealed record ApiKeyPrincipal(Guid KeyId, Guid TenantId, string PlanId, string DisplayPrefix, string Environment)
{
    /// <summary>
    /// False for test keys: their generations render but are never billed and never count against the quota.
    /// Read from the stored environment, never from the key's text, and stamped on each generation at creation.
    /// </summary>
    public bool Livemode => Environment != ApiKeyEnvironments.Test;
}

/// <summary>The values of <c>api_keys.environment</c>.</summary>
public static class ApiKeyEnvironments
{
    public const string Live = "live";
    public const string Test = "test";
}
