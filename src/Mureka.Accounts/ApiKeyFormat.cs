using System.Security.Cryptography;
using System.Text;

namespace Mureka.Accounts;

/// <summary>
/// The shape of an API key: <c>mk_live_</c> or <c>mk_test_</c>, 32 base62 characters of randomness
/// (≈190 bits) and a 6-character base62 CRC32 of everything before it. The checksum lets secret
/// scanners and support staff recognise a real key offline, and lets the gateway refuse typos
/// without a database round trip.
/// </summary>
public static class ApiKeyFormat
{
    public const string LivePrefix = "mk_live_";
    public const string TestPrefix = "mk_test_";
    public const int RandomLength = 32;
    public const int ChecksumLength = 6;
    public const int Length = 8 + RandomLength + ChecksumLength;

    /// <summary>How much of a key may be shown in listings and logs: the prefix plus 4 random characters.</summary>
    public const int DisplayPrefixLength = 12;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate(bool test)
    {
        var builder = new StringBuilder(Length);
        builder.Append(test ? TestPrefix : LivePrefix);
        // GetString with a 62-letter alphabet draws each character uniformly (rejection sampling inside).
        builder.Append(RandomNumberGenerator.GetString(Alphabet, RandomLength));
        builder.Append(Checksum(builder.ToString()));
        return builder.ToString();
    }

    /// <summary>Prefix, alphabet, length and checksum; no database involved.</summary>
    public static bool LooksValid(string? key)
    {
        if (key is null || key.Length != Length || !(key.StartsWith(LivePrefix, StringComparison.Ordinal) || key.StartsWith(TestPrefix, StringComparison.Ordinal)))
        {
            return false;
        }

        for (var i = 8; i < key.Length; i++)
        {
            if (Alphabet.IndexOf(key[i], StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        var body = key[..^ChecksumLength];
        return string.Equals(Checksum(body), key[^ChecksumLength..], StringComparison.Ordinal);
    }

    public static bool IsTest(string key) => key.StartsWith(TestPrefix, StringComparison.Ordinal);

    public static string DisplayPrefix(string key) => key.Length <= DisplayPrefixLength ? key : key[..DisplayPrefixLength];

    /// <summary>The only thing stored: keys carry 190 bits of randomness, so a fast hash cannot be brute-forced.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Checksum(string body)
    {
        var crc = Crc32(Encoding.ASCII.GetBytes(body));
        Span<char> chars = stackalloc char[ChecksumLength];
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(crc % 62)];
            crc /= 62;
        }

        return new string(chars);
    }

    // CRC-32 (IEEE); written out because System.IO.Hashing is not on this feed, and 20 lines beat a dependency.
    private static readonly uint[] CrcTable = BuildCrcTable();

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
