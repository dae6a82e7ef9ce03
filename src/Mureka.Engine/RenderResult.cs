using Mureka.Engine.Encoding;
using Mureka.Engine.Mastering;
using Mureka.Engine.Music;
using Mureka.Spec;

namespace Mureka.Engine;

/// <summary>A finished render: the score, the mastered mix and stems in memory, and its metadata.</summary>
public sealed record RenderResult(ResolvedMusicSpec Request, Score Score, MasteredAudio Audio, RenderMetadata Metadata)
{
    /// <summary>
    /// The mix was encoded window by window as it rendered and its bytes already went to the item's
    /// <see cref="MixStreamTarget"/>; they are exactly what <see cref="WriteAsync(Stream, FileTags?, CancellationToken)"/> writes.
    /// </summary>
    public bool MixStreamed { get; init; }

    /// <summary>What rendered it, as a file's software tag names it: the model id and version.</summary>
    public string Software => $"{Metadata.ModelId} {Metadata.ModelVersion}";

    /// <summary>Encodes the mix in the requested format and bit depth.</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken = default) =>
        WriteAsync(destination, null, cancellationToken);

    /// <summary>
    /// Encodes the mix in the requested format and bit depth, with <paramref name="tags"/> in the file's own tags and,
    /// in a WAV, the <see cref="Markers"/> engines read.
    /// </summary>
    public Task WriteAsync(Stream destination, FileTags? tags, CancellationToken cancellationToken = default) =>
        AudioEncoder.EncodeAsync(Audio.Mix, Request.Format, Request.BitDepth, tags, Markers(), destination, cancellationToken);

    /// <summary>
    /// The timeline marks of every file of this render (they share one timeline): an <c>Entry</c> cue at the start,
    /// a cue at each section and each bar, an <c>Exit</c> cue where the last bar ends (a loop's end), the loop for a
    /// loop, and the tempo and metre.
    /// </summary>
    public WavMarkers Markers() => MarkersFor(Request, Score, Metadata.Sections, Audio.Mix.Frames, Audio.Mix.SampleRate);

    /// <summary>The marks of <see cref="Markers"/>, known from the score and the length alone (before any audio is).</summary>
    internal static WavMarkers MarkersFor(ResolvedMusicSpec request, Score score, IReadOnlyList<SectionMarker> sections, long frames, int sampleRate)
    {
        long BarFrame(int bar) => Math.Min(frames, (long)Math.Round(bar * score.BarSeconds * sampleRate));
        var cues = new List<WavCue> { new(0, "Entry") };
        cues.AddRange(sections.Select(s => new WavCue(s.StartFrame, s.Name)));
        cues.AddRange(Enumerable.Range(0, score.BarCount).Select(bar => new WavCue(BarFrame(bar), $"Bar {bar + 1}")));
        cues.Add(new WavCue(request.Loop ? frames : BarFrame(score.BarCount), "Exit"));
        return new WavMarkers(
            [.. cues.OrderBy(c => c.Frame)],
            request.Loop ? (0, frames) : null,
            score.Bpm,
            score.Meter,
            score.BarCount * score.Meter.Numerator);
    }

    /// <summary>
    /// The score this render played, note for note, as a Standard MIDI File (<see cref="MidiWriter"/>): the parts of
    /// the delivered stems only, so an alternative mix's score leaves out what its audio leaves out.
    /// </summary>
    public byte[] ScoreMidi() => MidiWriter.Write(Score with { Tracks = [.. Score.Tracks.Where(t => Audio.Stems.ContainsKey(t.Stem))] }, Request.Loop);

    /// <summary>
    /// For an extension: the mix from where the continuation joins to the end, as its own file (the part that is new,
    /// mastered as one piece with what came before).
    /// </summary>
    public Task WriteContinuationAsync(Stream destination, FileTags? tags, CancellationToken cancellationToken = default)
    {
        var join = Metadata.Continuation?.JoinFrame ?? throw new InvalidOperationException("only an extension has a continuation");
        return AudioEncoder.EncodeAsync(Audio.Mix.Slice(join), Request.Format, Request.BitDepth, tags, destination, cancellationToken);
    }

    /// <summary>The SHA-256 of the mix's PCM as <see cref="WriteAsync(Stream, FileTags?, CancellationToken)"/> encodes it (<see cref="PcmDigest"/>).</summary>
    public string PcmSha256() => PcmDigest.Sha256(Audio.Mix, Request.BitDepth);

    /// <summary>The SHA-256 of one stem's PCM as <see cref="WriteStemAsync(StemKind, Stream, FileTags?, CancellationToken)"/> encodes it.</summary>
    public string StemPcmSha256(StemKind stem) => PcmDigest.Sha256(Audio.Stems[stem], Request.BitDepth);

    /// <summary>Encodes one stem in the requested format; stems sum to the mix.</summary>
    public Task WriteStemAsync(StemKind stem, Stream destination, CancellationToken cancellationToken = default) =>
        WriteStemAsync(stem, destination, null, cancellationToken);

    /// <summary>Encodes one stem, with <paramref name="tags"/> in the file's own tags.</summary>
    public Task WriteStemAsync(StemKind stem, Stream destination, FileTags? tags, CancellationToken cancellationToken = default) =>
        AudioEncoder.EncodeAsync(Audio.Stems[stem], Request.Format, Request.BitDepth, tags, Markers(), destination, cancellationToken);
}
