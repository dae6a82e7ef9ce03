using System.Security.Cryptography;

namespace Mureka.Licensing;

/// <summary>
/// Seals licence signing keys at rest with AES-256-GCM under a key-encryption key that lives outside the database
/// (configuration: a Kubernetes Secret, an environment variable), so whoever reads a database copy cannot sign
/// certificates with it. A sealed key is <c>"MKS1" || nonce (12) || tag (16) || ciphertext</c>, bound to its key id
/// as associated data, so a sealed key moved to another row does not open. Keys stored before sealing (plain
/// PKCS#8 DER, which never starts with the marker) still open, and are sealed when next read with a key-encryption key.
/// </summary>
public sealed class LicenseKeyProtector
{
    /// <summary>The configuration key (environment: <c>Licensing__KeyEncryptionKey</c>): 32 random bytes in base64.</summary>
    public const string ConfigurationKey = "Licensing:KeyEncryptionKey";

    /// <summary>A key-encryption key being replaced: keys sealed under it still open, and are sealed again under the current one.</summary>
    public const string PreviousConfigurationKey = "Licensing:PreviousKeyEncryptionKey";

    private static readonly byte[] Marker = "MKS1"u8.ToArray();
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[]? _current;
    private readonly byte[]? _previous;

    /// <param name="current">The key-encryption key in base64 (32 bytes), or null to store keys unsealed.</param>
    /// <param name="previous">The key-encryption key being replaced, or null.</param>
    /// <exception cref="ArgumentException">A key that is not base64 of exactly 32 bytes (named, never echoed).</exception>
    public LicenseKeyProtector(string? current, string? previous = null)
    {
        _current = Parse(current, ConfigurationKey);
        _previous = Parse(previous, PreviousConfigurationKey);
    }

    /// <summary>No key-encryption key: keys are stored as they are.</summary>
    public static LicenseKeyProtector None { get; } = new(null);

    /// <summary>The keys as the gateway's environment configuration names them (<c>Licensing__KeyEncryptionKey</c>), for tools run beside it.</summary>
    /// <exception cref="ArgumentException">A key that is not base64 of exactly 32 bytes.</exception>
    public static LicenseKeyProtector FromEnvironment() => new(
        Environment.GetEnvironmentVariable(ConfigurationKey.Replace(":", "__", StringComparison.Ordinal)),
        Environment.GetEnvironmentVariable(PreviousConfigurationKey.Replace(":", "__", StringComparison.Ordinal)));

    public bool Seals => _current is not null;

    /// <summary>The stored form of a PKCS#8 key: sealed when there is a key-encryption key, else as it is.</summary>
    public byte[] Protect(string kid, byte[] pkcs8)
    {
        ArgumentNullException.ThrowIfNull(pkcs8);
        if (_current is null)
        {
            return pkcs8;
        }

        var sealedKey = new byte[Marker.Length + NonceBytes + TagBytes + pkcs8.Length];
        Marker.CopyTo(sealedKey, 0);
        var nonce = sealedKey.AsSpan(Marker.Length, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current, TagBytes);
        aes.Encrypt(nonce, pkcs8, sealedKey.AsSpan(Marker.Length + NonceBytes + TagBytes), sealedKey.AsSpan(Marker.Length + NonceBytes, TagBytes), Associated(kid));
        return sealedKey;
    }

    /// <summary>The PKCS#8 key in a stored form, and whether it should be stored again (unsealed, or sealed under the previous key).</summary>
    /// <exception cref="CryptographicException">Sealed, and no configured key-encryption key opens it.</exception>
    public (byte[] Pkcs8, bool Reseal) Unprotect(string kid, byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!stored.AsSpan().StartsWith(Marker))
        {
            return (stored, _current is not null);
        }

        if (_current is not null && TryOpen(_current, kid, stored) is { } opened)
        {
            return (opened, false);
        }

        if (_previous is not null && TryOpen(_previous, kid, stored) is { } old)
        {
            return (old, _current is not null);
        }

        throw new CryptographicException(
            $"licence signing key {kid} is sealed and no configured key-encryption key opens it; set {ConfigurationKey} (and {PreviousConfigurationKey} while changing it)");
    }

    private static byte[]? TryOpen(byte[] kek, string kid, byte[] stored)
    {
        var body = stored.AsSpan(Marker.Length);
        if (body.Length < NonceBytes + TagBytes)
        {
            return null;
        }

        var plain = new byte[body.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(kek, TagBytes);
        try
        {
            aes.Decrypt(body[..NonceBytes], body[(NonceBytes + TagBytes)..], body.Slice(NonceBytes, TagBytes), plain, Associated(kid));
            return plain;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] Associated(string kid) => System.Text.Encoding.UTF8.GetBytes("mureka-license-key:" + kid);

    private static byte[]? Parse(string? base64, string name)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var bytes = new byte[32];
        return Convert.TryFromBase64String(base64.Trim(), bytes, out var written) && written == 32
            ? bytes
            : throw new ArgumentException($"{name} must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)", name);
    }
}
