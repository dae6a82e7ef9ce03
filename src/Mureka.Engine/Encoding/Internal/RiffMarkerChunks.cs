using System.Buffers.Binary;

namespace Mureka.Engine.Encoding.Internal;

/// <summary>
/// The chunks that carry <see cref="WavMarkers"/>, placed between <c>fmt </c> and <c>data</c> like the tag chunks:
/// <c>cue </c> (one point per cue, sample offsets into <c>data</c>), <c>LIST/adtl</c> with a <c>labl</c> per cue (its
/// name), <c>smpl</c> (the loop, inclusive end, forward, endless: the sampler chunk's one loop) and <c>acid</c>
/// (tempo, beats, metre; "one-shot" for a piece, "stretch" for a loop).
/// </summary>
internal static class RiffMarkerChunks
{
    private const int MidiUnityNote = 60;
    private const uint AcidOneShot = 0x01;
    private const uint AcidRootNoteSet = 0x02;
    private const uint AcidStretch = 0x04;

    public static byte[] For(WavMarkers markers, int sampleRate)
    {
        using var chunks = new MemoryStream();
        if (markers.Cues.Count > 0)
        {
            chunks.Write(Cue(markers.Cues));
            chunks.Write(Labels(markers.Cues));
        }

        if (markers.Loop is { } loop)
        {
            chunks.Write(Sampler(loop.Start, loop.End, sampleRate));
        }

        chunks.Write(Acid(markers));
        return chunks.ToArray();
    }

    private static byte[] Cue(IReadOnlyList<WavCue> cues)
    {
        var body = new byte[4 + (24 * cues.Count)];
        var span = body.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)cues.Count);
        for (var i = 0; i < cues.Count; i++)
        {
            var point = span[(4 + (24 * i))..];
            BinaryPrimitives.WriteUInt32LittleEndian(point, (uint)(i + 1));                 // dwName: the cue's id, 1-based
            BinaryPrimitives.WriteUInt32LittleEndian(point[4..], (uint)cues[i].Frame);    // dwPosition (play order = sample position)
            "data"u8.CopyTo(point[8..]);                                                  // fccChunk
            BinaryPrimitives.WriteUInt32LittleEndian(point[12..], 0);                     // dwChunkStart
            BinaryPrimitives.WriteUInt32LittleEndian(point[16..], 0);                     // dwBlockStart
            BinaryPrimitives.WriteUInt32LittleEndian(point[20..], (uint)cues[i].Frame);   // dwSampleOffset, in frames
        }

        return Chunk("cue "u8, body);
    }

    private static byte[] Labels(IReadOnlyList<WavCue> cues)
    {
        using var body = new MemoryStream();
        body.Write("adtl"u8);
        for (var i = 0; i < cues.Count; i++)
        {
            var label = cues[i].Label.Length > WavMarkers.MaxLabelLength ? cues[i].Label[..WavMarkers.MaxLabelLength] : cues[i].Label;
            var text = System.Text.Encoding.ASCII.GetBytes(new string([.. label.Select(c => c is >= ' ' and <= '~' ? c : '?')]) + "\0");
            var labl = new byte[4 + text.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(labl, (uint)(i + 1));
            text.CopyTo(labl, 4);
            body.Write(Chunk("labl"u8, labl));
        }

        return Chunk("LIST"u8, body.ToArray());
    }

    private static byte[] Sampler(long start, long end, int sampleRate)
    {
        var body = new byte[36 + 24];
        var span = body.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)Math.Round(1e9 / sampleRate)); // sample period, ns
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], MidiUnityNote);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], 1);                                // one loop
        var loop = span[36..];
        BinaryPrimitives.WriteUInt32LittleEndian(loop[4..], 0);                                 // forward
        BinaryPrimitives.WriteUInt32LittleEndian(loop[8..], (uint)start);
        BinaryPrimitives.WriteUInt32LittleEndian(loop[12..], (uint)(end - 1));                  // the last frame played, inclusive
        BinaryPrimitives.WriteUInt32LittleEndian(loop[20..], 0);                                // play count 0: endless
        return Chunk("smpl"u8, body);
    }

    private static byte[] Acid(WavMarkers markers)
    {
        var body = new byte[24];
        var span = body.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, AcidRootNoteSet | (markers.Loop is null ? AcidOneShot : AcidStretch));
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], MidiUnityNote);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], 0x8000);
        BinaryPrimitives.WriteSingleLittleEndian(span[8..], 0f);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], (uint)markers.Beats);
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], (ushort)markers.Meter.Denominator);
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], (ushort)markers.Meter.Numerator);
        BinaryPrimitives.WriteSingleLittleEndian(span[20..], (float)markers.Bpm);
        return Chunk("acid"u8, body);
    }

    private static byte[] Chunk(ReadOnlySpan<byte> id, byte[] body)
    {
        var chunk = new byte[8 + body.Length + (body.Length & 1)];
        id.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)body.Length);
        body.CopyTo(chunk, 8);
        return chunk;
    }
}
