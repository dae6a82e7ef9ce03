using Mureka.Engine.Encoding;
using Mureka.Engine.Mastering;
using Mureka.Engine.Mastering.Internal;
using Mureka.Engine.Mixing;
using Mureka.Engine.Music;
using Mureka.Engine.Rendering;
using Mureka.Engine.Streaming.Internal;
using Mureka.Spec;

namespace Mureka.Engine.Streaming;

/// <summary>
/// Renders, mixes, masters and encodes a piece window by window, so its first encoded bytes leave while the rest is
/// still to render. The whole-piece decisions (track levels, bus settings, the loudness gain) come from a quick
/// pre-pass (<see cref="Prepass"/>); then each window is synthesised (synth state carried on), mixed
/// (<see cref="MixStream"/>), mastered causally (<see cref="MasterStream"/>: make-up gain, look-ahead limiter, fades)
/// and encoded. Windows start small so the first audio comes early, then grow; the output does not depend on them.
/// </summary>
internal static class WindowedRender
{
    public const double FirstWindowSeconds = 0.5;
    public const double LongestWindowSeconds = 4;

    /// <summary>
    /// Pieces up to this long render in one pass. A windowed render first pre-renders a stand-in of the piece to take
    /// its whole-piece decisions, which costs a short piece about half its render again (throughput at eight clients ×
    /// 30 s fell to 0.65×), and a short piece's one-pass render hands out its audio within about a second anyway.
    /// </summary>
    public const double OnePassUpToSeconds = 48;

    /// <summary>
    /// Pieces that render window by window: longer than <see cref="OnePassUpToSeconds"/> and not a loop (a loop's tails
    /// wrap onto its start, so its start is only known at its end), with or without stems, as an alternative mix (taken
    /// from the full render's parts under its master's curve) and as an extension. The choice depends on the request
    /// alone, so a seed gives the same audio everywhere; an extension follows the piece it first was, whose pre-pass
    /// read the same bars, so everything before the join renders as it did there.
    /// </summary>
    public static bool Supports(ResolvedMusicSpec request) =>
        !request.Loop && (request.Extends?.DurationsMs[0] ?? request.DurationMs) > OnePassUpToSeconds * 1000;

    /// <summary>Whether the delivered mix is the one the windows master, so it can leave window by window (an alternative mix is made after).</summary>
    public static bool Streams(ResolvedMusicSpec request) => Supports(request) && request.Mix == MixVersion.Full;

    /// <summary>Where the windows of a piece of <paramref name="frames"/> frames end: half a second first, then doubling up to four.</summary>
    public static IEnumerable<int> WindowEnds(int sampleRate, int frames)
    {
        var size = FirstWindowSeconds * sampleRate;
        for (var end = 0; end < frames;)
        {
            end = (int)Math.Min(frames, end + Math.Round(size));
            yield return end;
            size = Math.Min(size * 2, LongestWindowSeconds * sampleRate);
        }
    }

    /// <param name="startEncoder">
    /// Starts the file once the pre-pass is done, right before the first window; null when nobody is listening (the
    /// caller encodes the result whole, and gets the same audio).
    /// </param>
    /// <param name="progress">The fraction of the piece encoded.</param>
    /// <returns>
    /// The mastered mix, the stems under the same gain curve (they sum to the mix), and the stems as mixed with that
    /// curve, from which a part of the mix can be mastered exactly as it sounds inside it.
    /// </returns>
    public static async Task<(AudioBuffer Mix, IReadOnlyDictionary<StemKind, AudioBuffer> Stems, IReadOnlyDictionary<StemKind, AudioBuffer> Mixed, float[] Curve)> RenderAsync(
        ScoreRenderer renderer,
        Score score,
        int sampleRate,
        int frames,
        MixProfile profile,
        MixOptions mixOptions,
        MasteringOptions masteringOptions,
        Func<StreamingEncoder>? startEncoder,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        var (decisions, loudness, steered) = Prepass.Decide(renderer, score, profile, mixOptions, sampleRate, frames, cancellationToken);
        using var tracks = renderer.Stream(score, sampleRate, frames, cancellationToken);
        var mixer = new MixStream(score, tracks.Tracks, sampleRate, frames, profile, mixOptions, decisions);
        var master = new MasterStream(mixer.Mix, loudness, steered, masteringOptions);
        var encoder = startEncoder?.Invoke();
        try
        {
            var written = 0;
            foreach (var end in WindowEnds(sampleRate, frames))
            {
                tracks.RenderTo(end, cancellationToken);
                var ready = master.Advance(mixer.Advance(end, cancellationToken));
                encoder?.Write(master.Mastered.Left.AsSpan(written, ready - written), master.Mastered.Right.AsSpan(written, ready - written));
                written = ready;
                progress?.Report((double)written / frames);
            }

            if (encoder is not null)
            {
                await encoder.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (encoder is not null)
            {
                await encoder.DisposeAsync().ConfigureAwait(false);
            }
        }

        var stems = mixer.Stems.ToDictionary(s => s.Key, s => GainApplier.Apply(s.Value, master.Curve));
        return (master.Mastered, stems, mixer.Stems, master.Curve);
    }
}
