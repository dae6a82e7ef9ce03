using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mureka.Sdk;

/// <summary>
/// Offline checks of a licence certificate (<c>GET /v1/generations/{id}/license</c>): its ES256 signature with the
/// published key set (<c>/.well-known/mureka-license-keys.json</c>), then a file against the SHA-256 it names.
/// Needs no API key and no network once the key set is at hand.
/// </summary>
public static class MurekaLicenses
{
    public const string KeySetPath = "/.well-known/mureka-license-keys.json";

    /// <summary>The certificate's claims when its signature verifies with the key its header names, else null.</summary>
    /// <param name="certificate">The compact JWS, as the API returned it.</param>
    /// <param name="keySetJson">The JSON Web Key Set the API publishes.</param>
    public static JsonElement? Verify(string certificate, string keySetJson)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(keySetJson);
        var parts = certificate.Trim().Split('.');
        if (parts.Length != 3 || certificate.Length > 1_000_000)
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "ES256" || !header.RootElement.TryGetProperty("kid", out var kid))
            {
                return null;
            }

            using var keySet = JsonDocument.Parse(keySetJson);
            var key = keySet.RootElement.GetProperty("keys").EnumerateArray()
                .FirstOrDefault(k => k.TryGetProperty("kid", out var id) && id.GetString() == kid.GetString());
            if (key.ValueKind != JsonValueKind.Object || key.GetProperty("kty").GetString() != "EC" || key.GetProperty("crv").GetString() != "P-256")
            {
                return null;
            }

            using var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = FromBase64Url(key.GetProperty("x").GetString()!), Y = FromBase64Url(key.GetProperty("y").GetString()!) },
            });
            // JWS signatures are r || s (IEEE P1363), .NET's default form.
            if (!ecdsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]), HashAlgorithmName.SHA256))
            {
                return null;
            }

            using var claims = JsonDocument.Parse(FromBase64Url(parts[1]));
            return claims.RootElement.Clone();
        }
        catch (Exception e) when (e is FormatException or JsonException or CryptographicException or KeyNotFoundException or InvalidOperationException)
        {
            // Anything malformed is simply not a valid certificate.
            return null;
        }
    }

    /// <summary>The name the verified claims give the file (e.g. "mix", "drums"), or null when no entry has its SHA-256.</summary>
    public static async Task<string?> FindFileAsync(JsonElement claims, Stream file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var sha256 = Convert.ToHexString(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
        foreach (var entry in claims.GetProperty("files").EnumerateArray())
        {
            if (entry.GetProperty("sha256").GetString() == sha256)
            {
                return entry.GetProperty("name").GetString();
            }
        }

        return null;
    }

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64 + new string('=', (4 - base64.Length % 4) % 4));
    }
}
