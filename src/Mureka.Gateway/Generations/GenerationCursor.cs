using System.Buffers.Binary;
using System.Buffers.Text;
using Mureka.Gateway.Data;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Opaque page cursor: base64url of the sort, the sort column's value on the page's last item, and its id
/// (25 bytes, 34 characters). The 24-byte form of earlier releases, (created_at ticks, id), still reads as a
/// newest-first position, so a client paging across an upgrade carries on.
/// </summary>
public static class GenerationCursor
{
    private const int Bytes = 25;
    private const int LegacyBytes = 24;

    public static string Encode(GenerationPosition position)
    {
        Span<byte> bytes = stackalloc byte[Bytes];
        bytes[0] = (byte)position.Sort;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], position.Value);
        position.Id.TryWriteBytes(bytes[9..]);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? cursor, out GenerationPosition position)
    {
        position = default;
        // 24 and 25 bytes are exactly 32 and 34 base64url characters. Checked first because TryDecodeFromChars throws
        // (instead of returning false) on some lengths, e.g. a single character.
        if (cursor is not { Length: 32 or 34 })
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Bytes];
        int written;
        try
        {
            if (!Base64Url.TryDecodeFromChars(cursor, bytes, out written) || written != (cursor.Length == 32 ? LegacyBytes : Bytes))
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        var sort = written == LegacyBytes ? GenerationSort.CreatedDescending : (GenerationSort)bytes[0];
        var rest = written == LegacyBytes ? bytes[..LegacyBytes] : bytes[1..];
        var value = BinaryPrimitives.ReadInt64BigEndian(rest);
        if (!GenerationSorts.IsDefined(sort) || !IsValid(sort, value))
        {
            return false;
        }

        position = new GenerationPosition(sort, value, new Guid(rest[8..24]));
        return true;
    }

    private static bool IsValid(GenerationSort sort, long value) => sort switch
    {
        GenerationSort.CreatedAscending or GenerationSort.CreatedDescending => value >= DateTime.MinValue.Ticks && value <= DateTime.MaxValue.Ticks,
        GenerationSort.BpmAscending or GenerationSort.BpmDescending => double.IsFinite(BitConverter.Int64BitsToDouble(value)),
        _ => value is >= 0 and <= int.MaxValue,
    };
}
