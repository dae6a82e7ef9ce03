using System.Buffers.Binary;

namespace Mureka.Engine.Encoding.Internal;

/// <summary>
/// ffmpeg cannot seek back into a pipe to fill in FLAC's STREAMINFO, so the total sample count would read as unknown
/// and players would show no duration. We know the count, so patch it into the header while copying.
/// </summary>
internal static class FlacStreamInfoPatcher
{
    // "fLaC" + metadata block header + 34-byte STREAMINFO.
    private const int HeaderLength = 42;

    public static async Task CopyAsync(Stream source, Stream destination, long totalSamples, CancellationToken cancellationToken)
    {
        var header = await ReadPatchedHeaderAsync(source, totalSamples, cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await source.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the stream's first bytes (the STREAMINFO when it is FLAC) with the total sample count filled in.</summary>
    public static async Task<byte[]> ReadPatchedHeaderAsync(Stream source, long totalSamples, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderLength];
        var read = await source.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == HeaderLength && header.AsSpan(0, 4).SequenceEqual("fLaC"u8) && (header[4] & 0x7F) == 0)
        {
            // Total samples: 36 bits, the low nibble of byte 21 then bytes 22..25 big-endian.
            header[21] = (byte)((header[21] & 0xF0) | (int)((totalSamples >> 32) & 0x0F));
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(22), (uint)(totalSamples & 0xFFFFFFFF));
        }

        return header[..read];
    }
}
