using System.Buffers.Binary;
using Mureka.Engine.Encoding.Internal;
using Mureka.Engine.Music;

namespace Mureka.Engine.Encoding;

/// <summary>
/// Writes stereo RIFF/WAVE PCM (16- or 24-bit little endian); round to nearest with clipping, no dither, so output
/// is deterministic. With <see cref="FileTags"/> or <see cref="WavMarkers"/> their chunks sit between <c>fmt </c> and
/// <c>data</c>; without, the header is the plain 44 bytes.
/// </summary>
public static class WavWriter
{
    public const int HeaderBytes = 44;
    private const int ChunkFrames = 16384;
    private const int Channels = 2;

    public static Task WriteAsync(AudioBuffer audio, int bitDepth, Stream destination, CancellationToken cancellationToken = default) =>
        WriteAsync(audio, bitDepth, null, destination, cancellationToken);

    public static Task WriteAsync(AudioBuffer audio, int bitDepth, FileTags? tags, Stream destination, CancellationToken cancellationToken = default) =>
        WriteAsync(audio, bitDepth, tags, null, destination, cancellationToken);

    /// <param name="markers">Cue points, loop and tempo for engines and samplers; null writes none.</param>
    public static async Task WriteAsync(AudioBuffer audio, int bitDepth, FileTags? tags, WavMarkers? markers, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(destination);
        var bytesPerSample = BytesPerSample(bitDepth);
        await destination.WriteAsync(HeaderFor(audio.SampleRate, audio.Frames, bitDepth, tags, markers), cancellationToken).ConfigureAwait(false);
        var buffer = new byte[ChunkFrames * Channels * bytesPerSample];
        for (var start = 0; start < audio.Frames; start += ChunkFrames)
        {
            var frames = Math.Min(ChunkFrames, audio.Frames - start);
            var length = frames * Channels * bytesPerSample;
            PcmConverter.Interleave(audio.Left.AsSpan(start, frames), audio.Right.AsSpan(start, frames), bitDepth, buffer.AsSpan(0, length));
            await destination.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Everything before the samples of a file of <paramref name="frames"/> frames: known before the first sample is.</summary>
    internal static byte[] HeaderFor(int sampleRate, long frames, int bitDepth, FileTags? tags, WavMarkers? markers)
    {
        byte[] tagChunks = [.. tags is null ? [] : RiffTagChunks.For(tags), .. markers is null ? [] : RiffMarkerChunks.For(markers, sampleRate)];
        var dataBytes = frames * Channels * BytesPerSample(bitDepth);
        if (dataBytes > uint.MaxValue - HeaderBytes - tagChunks.Length)
        {
            throw new ArgumentException("Audio is too long for a RIFF/WAVE file (4 GiB limit).", nameof(frames));
        }

        return Header(sampleRate, bitDepth, (uint)dataBytes, tagChunks);
    }

    /// <summary>Interleaved PCM bytes of a stretch of audio, as the file holds them.</summary>
    internal static byte[] Samples(ReadOnlySpan<float> left, ReadOnlySpan<float> right, int bitDepth)
    {
        var bytes = new byte[left.Length * Channels * BytesPerSample(bitDepth)];
        PcmConverter.Interleave(left, right, bitDepth, bytes);
        return bytes;
    }

    internal static byte[] Header(int sampleRate, int bitDepth, uint dataBytes, byte[] tagChunks)
    {
        var bytesPerSample = BytesPerSample(bitDepth);
        var header = new byte[HeaderBytes + tagChunks.Length];
        var span = header.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], dataBytes + (uint)header.Length - 8);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1); // WAVE_FORMAT_PCM
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)(sampleRate * Channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], (ushort)(Channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], (ushort)bitDepth);
        tagChunks.CopyTo(span[36..]);
        var data = span[(36 + tagChunks.Length)..];
        "data"u8.CopyTo(data);
        BinaryPrimitives.WriteUInt32LittleEndian(data[4..], dataBytes);
        return header;
    }

    internal static int BytesPerSample(int bitDepth) => bitDepth switch
    {
        16 => 2,
        24 => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(bitDepth), bitDepth, "Only 16- and 24-bit PCM are supported."),
    };
}
