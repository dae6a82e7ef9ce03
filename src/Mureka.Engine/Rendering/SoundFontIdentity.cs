using System.Security.Cryptography;

namespace Mureka.Engine.Rendering;

/// <summary>Which sample set a renderer plays: the file name and the SHA-256 of its bytes.</summary>
public sealed record SoundFontIdentity(string Name, string Sha256)
{
    public static SoundFontIdentity Of(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new SoundFontIdentity(Path.GetFileName(path), hash);
    }
}
