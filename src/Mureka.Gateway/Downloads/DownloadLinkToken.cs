using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Mureka.Gateway.Downloads;

/// <summary>What a download link grants: one audio object of one generation, until a moment.</summary>
public readonly record struct DownloadLinkClaim(Guid TenantId, Guid GenerationId, string ObjectName, DateTimeOffset ExpiresAt);

/// <summary>
/// The token in <c>/v1/downloads/{token}</c>: base64url(payload) "." base64url(HMAC-SHA256(key, payload)), where the
/// payload is a version byte, the tenant and generation ids, the expiry (Unix seconds) and the object's name. The
/// link is verified by the MAC alone, so a forged or mangled token costs no database round trip.
/// </summary>
public static class DownloadLinkToken
{
    /// <summary>Longer tokens are refused before decoding (real ones are about 110 characters).</summary>
    public const int MaxLength = 512;

    private const byte Version = 1;
    private const int HeaderBytes = 1 + 16 + 16 + 8;
    private const int MacBytes = 32;
    private const int MaxNameBytes = 128;

    public static string Create(ReadOnlySpan<byte> key, DownloadLinkClaim claim)
    {
        var nameBytes = Encoding.UTF8.GetBytes(claim.ObjectName);
        if (nameBytes.Length is 0 or > MaxNameBytes)
        {
            throw new ArgumentException($"An object name is 1 to {MaxNameBytes} UTF-8 bytes.", nameof(claim));
        }

        var payload = new byte[HeaderBytes + nameBytes.Length];
        payload[0] = Version;
        claim.TenantId.TryWriteBytes(payload.AsSpan(1, 16), bigEndian: true, out _);
        claim.GenerationId.TryWriteBytes(payload.AsSpan(17, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(33, 8), claim.ExpiresAt.ToUnixTimeSeconds());
        nameBytes.CopyTo(payload.AsSpan(HeaderBytes));

        Span<byte> mac = stackalloc byte[MacBytes];
        HMACSHA256.HashData(key, payload, mac);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
    }

    /// <returns>The claim, or null when the token is malformed or its MAC does not match (forged, mangled or signed with another key).</returns>
    public static DownloadLinkClaim? Read(ReadOnlySpan<byte> key, string token)
    {
        if (token.Length > MaxLength || token.IndexOf('.') is var dot && dot <= 0)
        {
            return null;
        }

        var encodedPayload = token.AsSpan(0, dot);
        var encodedMac = token.AsSpan(dot + 1);
        Span<byte> payload = stackalloc byte[MaxLength];
        Span<byte> mac = stackalloc byte[MaxLength];
        if (Base64Url.DecodeFromChars(encodedPayload, payload, out var consumed, out var payloadLength) != System.Buffers.OperationStatus.Done || consumed != encodedPayload.Length
            || Base64Url.DecodeFromChars(encodedMac, mac, out consumed, out var macLength) != System.Buffers.OperationStatus.Done || consumed != encodedMac.Length
            || macLength != MacBytes || payloadLength <= HeaderBytes || payloadLength > HeaderBytes + MaxNameBytes)
        {
            return null;
        }

        payload = payload[..payloadLength];
        Span<byte> expected = stackalloc byte[MacBytes];
        HMACSHA256.HashData(key, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac[..MacBytes]) || payload[0] != Version)
        {
            return null;
        }

        // Signed by a gateway, so well formed from here on.
        return new DownloadLinkClaim(
            new Guid(payload.Slice(1, 16), bigEndian: true),
            new Guid(payload.Slice(17, 16), bigEndian: true),
            Encoding.UTF8.GetString(payload[HeaderBytes..]),
            DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.Slice(33, 8))));
    }
}
