namespace Mureka.Accounts;

/// <summary>
/// What an API key may do. Every operation of the API requires exactly one scope; a key made without naming any
/// has them all. Stored as their names in <c>api_keys.scopes</c>.
/// </summary>
[Flags]
public enum ApiKeyScopes
{
    None = 0,

    /// <summary>Create and cancel generations (renders, and bills).</summary>
    Generate = 1,

    /// <summary>Read generations, their events and audio, models and usage.</summary>
    Read = 2,

    /// <summary>Manage webhook endpoints and read their delivery logs.</summary>
    Webhooks = 4,

    /// <summary>Create, list, rotate and revoke the account's API keys.</summary>
    Keys = 8,

    All = Generate | Read | Webhooks | Keys,
}

public static class ApiKeyScopeNames
{
    public const string Generate = "generate";
    public const string Read = "read";
    public const string Webhooks = "webhooks";
    public const string Keys = "keys";

    private static readonly (ApiKeyScopes Scope, string Name)[] Names =
        [(ApiKeyScopes.Generate, Generate), (ApiKeyScopes.Read, Read), (ApiKeyScopes.Webhooks, Webhooks), (ApiKeyScopes.Keys, Keys)];

    /// <summary>Every scope's name, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    public static string NameOf(ApiKeyScopes scope) =>
        Names.Single(n => n.Scope == scope).Name;

    /// <summary>The names of the scopes set in <paramref name="scopes"/>, in a fixed order.</summary>
    public static IReadOnlyList<string> ToNames(ApiKeyScopes scopes) =>
        [.. Names.Where(n => scopes.HasFlag(n.Scope)).Select(n => n.Name)];

    /// <returns>The scope of a known name, or null.</returns>
    public static ApiKeyScopes? Parse(string? name) =>
        Names.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.Ordinal)) is { Name: not null } match ? match.Scope : null;

    /// <summary>Scopes as stored; an unknown name (a newer schema) grants nothing.</summary>
    public static ApiKeyScopes FromStored(IEnumerable<string> names) =>
        names.Aggregate(ApiKeyScopes.None, (all, name) => all | (Parse(name) ?? ApiKeyScopes.None));
}
