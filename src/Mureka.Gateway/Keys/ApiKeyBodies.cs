namespace Mureka.Gateway.Keys;

/// <summary>The body of <c>POST /v1/api-keys</c>.</summary>
public sealed record CreateApiKeyBody
{
    public string? Name { get; init; }

    /// <summary>Null: the scopes of the key making the request.</summary>
    public IReadOnlyList<string?>? Scopes { get; init; }
}

/// <summary>The body of <c>POST /v1/api-keys/{id}/rotate</c>.</summary>
public sealed record RotateApiKeyBody
{
    /// <summary>How long the old key keeps working; 0 (the default) revokes it at once.</summary>
    public int? OldKeyExpiresInSeconds { get; init; }
}
