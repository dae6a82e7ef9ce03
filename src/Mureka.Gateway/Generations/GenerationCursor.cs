using System.Buffers.Binary;
using System.Buffers.Text;

namespace Mureka.Gateway.Generations;

/// <summary>Opaque page cursor: base64url of (created_at ticks, id) of the last item on the page.</summary>
public static class GenerationCursor
{
    public static string Encode(DateTime createdAt, Guid id)
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, createdAt.Ticks);
        id.TryWriteBytes(bytes[8..]);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? cursor, out (DateTime CreatedAt, Guid Id) position)
    {
        position = default;
        // 24 bytes are exactly 32 base64url characters. Checked first because TryDecodeFromChars throws
        // (instead of returning false) on some lengths, e.g. a single character.
        if (cursor is not { Length: 32 })
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[24];
        try
        {
            if (!Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 24)
            {
                return false;
            }
        }
        catch (FormatException)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        position = (new DateTime(ticks, DateTimeKind.Utc), new Guid(bytes[8..24]));
        return true;
    }
}
