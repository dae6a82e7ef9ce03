namespace Mureka.Accounts;

public sealed record Tenant(Guid Id, string Name, string PlanId, DateTimeOffset CreatedAt, DateTimeOffset? SuspendedAt);

/// <summary>A key as listed: never the key itself, only its display prefix.</summary>
/// <param name="ExpiresAt">When a key replaced by a rotation with a grace period stops working; null otherwise.</param>
public sealed record ApiKeyInfo(
    Guid Id, Guid TenantId, string Name, string Environment, string DisplayPrefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt,
    ApiKeyScopes Scopes = ApiKeyScopes.All, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>Whether the key works at <paramref name="now"/>: not revoked and not past its expiry.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>Returned once, when a key is created; the plaintext is not stored anywhere.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key);

/// <summary>A rotation's result: the new key (shown once) and the old one, revoked or expiring.</summary>
public sealed record RotatedApiKey(CreatedApiKey Created, ApiKeyInfo Old);

/// <summary>Who a valid key belongs to.</summary>
/// <param name="Environment">The key's stored environment (<c>api_keys.environment</c>): <see cref="ApiKeyEnvironments.Live"/> or <see cref="ApiKeyEnvironments.Test"/>.</param>
/// <param name="Scopes">What the key may do.</param>
/// <param name="ExpiresAt">When the key stops working (a rotated key's grace period), or null.</param>
public sealed record ApiKeyPrincipal(
    Guid KeyId, Guid TenantId, string PlanId, string DisplayPrefix, string Environment, ApiKeyScopes Scopes = ApiKeyScopes.All, DateTimeOffset? ExpiresAt = null)
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
