namespace Mureka.Gateway.Tests.Contract;

/// <summary>How a generated request authenticates.</summary>
public enum FuzzAuth
{
    ValidKey,
    None,
    Garbage,
    WrongScheme,
    UnknownKey,
}

/// <summary>One generated request: what it is (for the failure report) and what to send.</summary>
public sealed record FuzzCase(string What, string Method, string Path, FuzzAuth Auth, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body, string? ContentType)
{
    public override string ToString() => $"{Method} {Truncate(Path)} [{What}]";

    private static string Truncate(string s) => s.Length > 120 ? s[..120] + "…" : s;
}
