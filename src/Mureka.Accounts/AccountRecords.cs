namespace Mureka.Accounts;

public sealed record Tenant(Guid Id, string Name, string PlanId, DateTimeOffset CreatedAt, DateTimeOffset? SuspendedAt);

/// <summary>A key as listed: never the key itself, only its display prefix.</summary>
public sealed record ApiKeyInfo(Guid Id, Guid TenantId, string Name, string Environment, string DisplayPrefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Returned once, when a key is created; the plaintext is not stored anywhere.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key);

/// <summary>Who a valid key belongs to.</summary>
public sealed record ApiKeyPrincipal(Guid KeyId, Guid TenantId, string PlanId, string DisplayPrefix, string Environment);
