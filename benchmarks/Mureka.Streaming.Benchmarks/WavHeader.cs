using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Mureka.Streaming.Benchmarks;

/// <summary>Where a RIFF/WAVE file's samples start: after the chunks before "data" (fmt, LIST and the like).</summary>
internal static class WavHeader
{
    /// <returns>The offset of the first sample byte; null when <paramref name="prefix"/> is no WAV or ends before "data".</returns>
    public static int? Length(List<byte> prefix)
    {
        var bytes = CollectionsMarshal.AsSpan(prefix);
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
        {
            return null;
        }

        var at = 12;
        while (at + 8 <= bytes.Length)
        {
            if (bytes.Slice(at, 4).SequenceEqual("data"u8))
            {
                return at + 8;
            }

            // Chunks are padded to an even length.
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(at + 4, 4));
            at += 8 + (int)Math.Min(size + (size & 1), int.MaxValue - at - 8);
        }

        return null;
    }
}
