using Mureka.Accounts;

namespace Mureka.Gateway.Keys;

/// <summary>An API key as listed: never the key itself, only the characters it starts with.</summary>
public record ApiKeyResource
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    /// <summary>False for a test key (<c>mk_test_</c>): what it renders is never billed.</summary>
    public required bool Livemode { get; init; }

    public required string DisplayPrefix { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary><c>active</c>, <c>expiring</c> (a rotated key in its grace period), <c>expired</c> or <c>revoked</c>.</summary>
    public required string Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public static ApiKeyResource From(ApiKeyInfo key, DateTimeOffset now) => new(key, now);

    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    protected ApiKeyResource(ApiKeyInfo key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        Id = key.Id;
        Name = key.Name;
        Livemode = key.Environment != ApiKeyEnvironments.Test;
        DisplayPrefix = key.DisplayPrefix;
        Scopes = ApiKeyScopeNames.ToNames(key.Scopes);
        Status = key.RevokedAt is not null ? "revoked" : key.ExpiresAt is { } e ? (e <= now ? "expired" : "expiring") : "active";
        CreatedAt = key.CreatedAt;
        LastUsedAt = key.LastUsedAt;
        ExpiresAt = key.ExpiresAt;
        RevokedAt = key.RevokedAt;
    }
}

/// <summary>A key just made: the only answer that carries the key itself (it is stored hashed).</summary>
public sealed record CreatedApiKeyResource : ApiKeyResource
{
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public CreatedApiKeyResource(CreatedApiKey created, DateTimeOffset now)
        : base(created?.Info ?? throw new ArgumentNullException(nameof(created)), now) => Key = created.Key;

    /// <summary>The key itself, shown this once.</summary>
    public string Key { get; init; }
}

/// <summary>A rotation: the new key (shown this once) and the key it replaces, revoked or expiring.</summary>
public sealed record RotatedApiKeyResource(CreatedApiKeyResource NewKey, ApiKeyResource OldKey);

public sealed record ApiKeyList(IReadOnlyList<ApiKeyResource> Data);
