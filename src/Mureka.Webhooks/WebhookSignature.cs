using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mureka.Webhooks;

/// <summary>
/// The <c>Mureka-Signature</c> scheme (the same shape as Stripe's): <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>
/// where the hex is HMAC-SHA256 keyed with the UTF-8 bytes of the whole secret (<c>whsec_…</c>) over
/// <c>"&lt;t&gt;.&lt;raw body bytes&gt;"</c>. Signing the timestamp with the body lets a receiver refuse
/// replays older than its tolerance.
/// </summary>
public static class WebhookSignature
{
    /// <summary>How far the signed timestamp may be from the receiver's clock, either way.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body, DateTimeOffset timestamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var t = timestamp.ToUnixTimeSeconds();
        return $"t={t.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexString(Compute(secret, t, body)).ToLowerInvariant()}";
    }

    /// <summary>
    /// True when <paramref name="header"/> carries a <c>v1</c> signature of <paramref name="body"/> made with
    /// <paramref name="secret"/> and its timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// Several <c>v1</c> entries are allowed (any one matching is enough); unknown schemes are ignored.
    /// </summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(header) || header.Length > 4096)
        {
            return false;
        }

        long? timestamp = null;
        var candidates = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            var (name, value) = (part[..eq], part[(eq + 1)..]);
            if (name == "t")
            {
                if (timestamp is not null || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var t))
                {
                    return false;
                }

                timestamp = t;
            }
            else if (name == "v1" && value.Length == 64 && TryFromHex(value, out var signature))
            {
                candidates.Add(signature);
            }
        }

        if (timestamp is not { } signedAt || candidates.Count == 0)
        {
            return false;
        }

        var age = now.ToUnixTimeSeconds() - signedAt;
        if (Math.Abs(age) > (long)tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Compute(secret, signedAt, body);
        var match = false;
        foreach (var candidate in candidates)
        {
            // Constant time, and every candidate is compared, so timing says nothing about which matched.
            match |= CryptographicOperations.FixedTimeEquals(expected, candidate);
        }

        return match;
    }

    /// <inheritdoc cref="Verify(string, string?, ReadOnlySpan{byte}, DateTimeOffset, TimeSpan)"/>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan tolerance) =>
        Verify(secret, header, Encoding.UTF8.GetBytes(body ?? ""), now, tolerance);

    private static byte[] Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }

    private static bool TryFromHex(string hex, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
