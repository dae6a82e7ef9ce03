using Mureka.Engine.Mastering;
using Mureka.Engine.Mastering.Internal;
using Mureka.Engine.Mixing;
using Mureka.Engine.Music;
using Mureka.Engine.Rendering;

namespace Mureka.Engine.Streaming.Internal;

/// <summary>
/// What a windowed render must know before its first window, taken the way the one-pass mix and master take it but on
/// a quick pre-render at half the rate of a stand-in of the measured bars (<see cref="ExcerptScore"/>), so its cost does
/// not grow with the piece. Its gain alone missed the one-pass master by up to 0.7 LU (ambient loud: its air above
/// 11 kHz is not in a half-rate render; solo piano quiet: the limiter takes more off full-rate transients; the bars the
/// stand-in skips), so the master steers it while the piece plays (<see cref="LoudnessServo"/>). With the steering, a
/// stand-in of 48, 24, 16 or 12 s of bars landed every genre at 60 and 180 s (two seeds) within the same 0.45 LU of the
/// one-pass master, while a 60 s piece took 1.41, 1.33 and 1.20 times its one-pass time with 48, 24 and 12 s; so it
/// holds 16 s.
/// </summary>
internal static class Prepass
{
    /// <summary>Half the usual rate: the synth's cost halves and the loudness that matters (K-weighted, mostly under 10 kHz) stays.</summary>
    public const int SampleRate = 22050;

    /// <summary>How much music the stand-in holds at most (besides a bar for each track none of its bars has).</summary>
    public const double BudgetSeconds = 16;

    /// <param name="options">The full render's mix options; its measured frames are at <paramref name="sampleRate"/>.</param>
    /// <param name="frames">The full render's length at <paramref name="sampleRate"/>.</param>
    /// <returns>
    /// The mix's decisions, the loudness the master starts from, and the frames over which it steers it: the bars the
    /// mix measures (the stand-in has no ending).
    /// </returns>
    public static (MixDecisions Mix, LoudnessPlan Loudness, int SteeredFrames) Decide(ScoreRenderer renderer, Score score, MixProfile profile, MixOptions options, int sampleRate, int frames, CancellationToken cancellationToken)
    {
        var barFrames = score.BarSeconds * sampleRate;
        var measuredBars = options.MeasureFrames is { } measured
            ? (int)Math.Round(measured / barFrames)
            : (int)Math.Ceiling(frames / barFrames);
        var standIn = ExcerptScore.Condense(score, measuredBars, BudgetSeconds);
        var (mix, decisions) = Render(renderer, standIn, profile, options with { MeasureFrames = null }, (int)Math.Round(standIn.BarCount * standIn.BarSeconds * SampleRate), cancellationToken);

        // No fade: the stand-in's end is not the piece's.
        return (decisions, AudioMaster.PlanLoudness(mix, new MasteringOptions(FadeOutSeconds: 0)), options.MeasureFrames ?? frames);
    }

    private static (AudioBuffer Mix, MixDecisions Decisions) Render(ScoreRenderer renderer, Score score, MixProfile profile, MixOptions options, int frames, CancellationToken cancellationToken)
    {
        var tracks = renderer.RenderTracks(score, new RenderOptions(SampleRate, frames, Loop: false), null, cancellationToken);
        var (stems, decisions) = ScoreMixer.Decide(score, tracks, profile, options, cancellationToken);
        return (GainApplier.Sum(stems.OrderBy(s => s.Key).Select(s => s.Value), SampleRate, frames), decisions);
    }
}
