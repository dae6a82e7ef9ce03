using Mureka.Engine.Mastering;
using Mureka.Engine.Mastering.Internal;
using Mureka.Engine.Mixing;
using Mureka.Engine.Music;
using Mureka.Engine.Rendering;

namespace Mureka.Engine.Streaming.Internal;

/// <summary>
/// What a windowed render must know before its first window, taken the way the one-pass mix and master take it but on
/// a quick stand-in: the measured bars (or, for a long piece, excerpts of them, <see cref="ExcerptScore"/>) rendered at
/// a low sample rate, mixed, and mastered for the make-up gain and the power the master aims at. Costs about as much
/// for a three-minute piece as for a one-minute one. The stand-in's gain alone missed the one-pass master by up to
/// 0.7 LU on 180 s pieces (ambient loud, solo piano quiet: the bars it skips, and the limiter taking more off
/// full-rate transients), so the master steers it while the piece plays (<see cref="LoudnessServo"/>); measured on
/// every genre at 180 s with two seeds, the windowed master then lands within 0.3 LU of the one-pass one.
/// </summary>
internal static class Prepass
{
    /// <summary>Half the usual rate: the synth's cost halves and the loudness that matters (K-weighted, mostly under 10 kHz) stays.</summary>
    public const int SampleRate = 22050;

    /// <summary>How much music the stand-in holds at most (besides a bar for each track none of its bars has).</summary>
    public const double BudgetSeconds = 48;

    /// <param name="options">The full render's mix options; its measured frames are at <paramref name="sampleRate"/>.</param>
    /// <param name="frames">The full render's length at <paramref name="sampleRate"/>.</param>
    public static (MixDecisions Mix, LoudnessPlan Loudness) Decide(ScoreRenderer renderer, Score score, MixProfile profile, MixOptions options, int sampleRate, int frames, CancellationToken cancellationToken)
    {
        var barFrames = score.BarSeconds * sampleRate;
        var measuredBars = options.MeasureFrames is { } measured
            ? (int)Math.Round(measured / barFrames)
            : (int)Math.Ceiling(frames / barFrames);
        var standIn = ExcerptScore.Condense(score, measuredBars, BudgetSeconds);
        var standInFrames = (int)Math.Round(standIn.BarCount * standIn.BarSeconds * SampleRate);
        var tracks = renderer.RenderTracks(standIn, new RenderOptions(SampleRate, standInFrames, Loop: false), null, cancellationToken);
        var (stems, decisions) = ScoreMixer.Decide(standIn, tracks, profile, options with { MeasureFrames = null }, cancellationToken);
        var mix = GainApplier.Sum(stems.OrderBy(s => s.Key).Select(s => s.Value), SampleRate, standInFrames);

        // No fade: the stand-in's end is not the piece's.
        return (decisions, AudioMaster.PlanLoudness(mix, new MasteringOptions(FadeOutSeconds: 0)));
    }
}
