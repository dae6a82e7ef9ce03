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
    /// The plain full mix of a piece. Loops (their tails wrap onto their start), stems, alternative mixes and
    /// extensions are rendered in one pass.
    /// </summary>
    public static bool Supports(ResolvedMusicSpec request) =>
        !request.Loop && !request.Stems && request.Mix == MixVersion.Full && request.Extends is null;

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

    /// <param name="startEncoder">Starts the file once the pre-pass is done, right before the first window.</param>
    /// <param name="progress">The fraction of the piece encoded.</param>
    /// <returns>The mastered mix and the stems under the same gain curve (they sum to the mix).</returns>
    public static async Task<(AudioBuffer Mix, IReadOnlyDictionary<StemKind, AudioBuffer> Stems)> RenderAsync(
        ScoreRenderer renderer,
        Score score,
        int sampleRate,
        int frames,
        MixProfile profile,
        MixOptions mixOptions,
        MasteringOptions masteringOptions,
        Func<StreamingEncoder> startEncoder,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        var (decisions, makeUpGain) = Prepass.Decide(renderer, score, profile, mixOptions, sampleRate, frames, cancellationToken);
        using var tracks = renderer.Stream(score, sampleRate, frames, cancellationToken);
        var mixer = new MixStream(score, tracks.Tracks, sampleRate, frames, profile, mixOptions, decisions);
        var master = new MasterStream(mixer.Mix, makeUpGain, masteringOptions);
        var encoder = startEncoder();
        await using (encoder.ConfigureAwait(false))
        {
            var written = 0;
            foreach (var end in WindowEnds(sampleRate, frames))
            {
                tracks.RenderTo(end, cancellationToken);
                var ready = master.Advance(mixer.Advance(end, cancellationToken));
                encoder.Write(master.Mastered.Left.AsSpan(written, ready - written), master.Mastered.Right.AsSpan(written, ready - written));
                written = ready;
                progress?.Report((double)written / frames);
            }

            await encoder.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var stems = mixer.Stems.ToDictionary(s => s.Key, s => GainApplier.Apply(s.Value, master.Curve));
        return (master.Mastered, stems);
    }
}
