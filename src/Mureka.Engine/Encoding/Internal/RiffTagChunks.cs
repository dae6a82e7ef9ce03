using System.Buffers.Binary;

namespace Mureka.Engine.Encoding.Internal;

/// <summary>
/// The chunks that carry <see cref="FileTags"/> in a WAV file, placed between <c>fmt </c> and <c>data</c> so the
/// samples still run to the end of the file: a Broadcast Wave <c>bext</c> chunk (EBU Tech 3285, what library and
/// broadcast asset systems read) and a <c>LIST/INFO</c> chunk (what desktop tag editors and ffprobe read).
/// </summary>
internal static class RiffTagChunks
{
    // EBU Tech 3285 v1: description 256, originator 32, originator reference 32, date 10, time 8, time reference 8,
    // version 2, UMID 64, reserved 190; no coding history.
    private const int BextBytes = 602;
    private const int DescriptionBytes = 256;
    private const int OriginatorBytes = 32;
    private const int OriginatorReferenceBytes = 32;
    private const int VersionOffset = DescriptionBytes + OriginatorBytes + OriginatorReferenceBytes + 10 + 8 + 8;

    public static byte[] For(FileTags tags)
    {
        var bext = Bext(tags);
        var info = Info(tags);
        var chunks = new byte[bext.Length + info.Length];
        bext.CopyTo(chunks, 0);
        info.CopyTo(chunks, bext.Length);
        return chunks;
    }

    private static byte[] Bext(FileTags tags)
    {
        var chunk = new byte[8 + BextBytes];
        var span = chunk.AsSpan();
        "bext"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], BextBytes);
        var body = span[8..];
        Ascii(tags.Comment, body[..DescriptionBytes]);
        Ascii(FileTags.Publisher, body.Slice(DescriptionBytes, OriginatorBytes));
        // The reference is 32 characters: a generation id without its dashes fits exactly.
        Ascii(tags.GenerationId.Replace("-", "", StringComparison.Ordinal), body.Slice(DescriptionBytes + OriginatorBytes, OriginatorReferenceBytes));
        BinaryPrimitives.WriteUInt16LittleEndian(body[VersionOffset..], 1);
        return chunk;
    }

    private static byte[] Info(FileTags tags)
    {
        (string Id, string Value)[] fields = [("ICMT", tags.Comment), ("ICOP", tags.Copyright), ("ISFT", tags.Software)];
        using var body = new MemoryStream();
        body.Write("INFO"u8);
        Span<byte> size = stackalloc byte[4];
        foreach (var (id, value) in fields)
        {
            // Zero-terminated, padded to an even length as every RIFF chunk is.
            var text = System.Text.Encoding.ASCII.GetBytes(value + "\0");
            body.Write(System.Text.Encoding.ASCII.GetBytes(id));
            BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)text.Length);
            body.Write(size);
            body.Write(text);
            if (text.Length % 2 == 1)
            {
                body.WriteByte(0);
            }
        }

        var chunk = new byte[8 + body.Length];
        "LIST"u8.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)body.Length);
        body.ToArray().CopyTo(chunk, 8);
        return chunk;
    }

    /// <summary>Fixed-width ASCII, NUL-padded; <see cref="FileTags"/> has already checked the text is ASCII.</summary>
    private static void Ascii(string value, Span<byte> field) =>
        System.Text.Encoding.ASCII.GetBytes(value.AsSpan(0, Math.Min(value.Length, field.Length)), field);
}
