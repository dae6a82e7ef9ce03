using Mureka.Engine.Mastering;
using Mureka.Engine.Mastering.Internal;
using Mureka.Engine.Mixing;
using Mureka.Engine.Music;
using Mureka.Engine.Rendering;

namespace Mureka.Engine.Streaming.Internal;

/// <summary>
/// What a windowed render must know before its first window, taken the way the one-pass mix and master take it but on
/// a quick pre-render at half the rate: the whole piece when it is short, else a stand-in of the measured bars
/// (<see cref="ExcerptScore"/>), so a three-minute piece costs about as much as a one-minute one. Its gain alone missed
/// the one-pass master by up to 0.7 LU (ambient loud: its air above 11 kHz is not in a half-rate render; solo piano
/// quiet: the limiter takes more off full-rate transients; long pieces: the bars the stand-in skips), so the master
/// steers it while the piece plays (<see cref="LoudnessServo"/>). Measured against the one-pass master: every genre
/// at 180 s with two seeds within 0.3 LU, six genres at 6 to 45 s within 0.45 LU.
/// </summary>
internal static class Prepass
{
    /// <summary>Half the usual rate: the synth's cost halves and the loudness that matters (K-weighted, mostly under 10 kHz) stays.</summary>
    public const int SampleRate = 22050;

    /// <summary>How much music the stand-in holds at most (besides a bar for each track none of its bars has).</summary>
    public const double BudgetSeconds = 48;

    /// <summary>
    /// Shorter pieces keep the whole pre-render's gain: steering has too little time there, and their ending, a third of
    /// them, sways it (6 s pieces missed by up to 0.6 LU steered, 0.35 not).
    /// </summary>
    private const double SteerFromSeconds = 10;

    /// <summary>The resolution of a whole pre-render's energy chart.</summary>
    private const double ChartSeconds = 0.1;

    /// <param name="options">The full render's mix options; its measured frames are at <paramref name="sampleRate"/>.</param>
    /// <param name="frames">The full render's length at <paramref name="sampleRate"/>.</param>
    /// <returns>
    /// The mix's decisions, the loudness the master starts from, and the frames over which it steers it: the whole
    /// piece when the pre-render was the whole piece, else the bars the mix measures (the stand-in has no ending).
    /// </returns>
    public static (MixDecisions Mix, LoudnessPlan Loudness, int SteeredFrames) Decide(ScoreRenderer renderer, Score score, MixProfile profile, MixOptions options, int sampleRate, int frames, CancellationToken cancellationToken)
    {
        if (frames <= BudgetSeconds * sampleRate)
        {
            // The whole piece, ending and fade included, so its master weighs the ending as the one-pass master does
            // (a stand-in of the measured bars alone missed short pieces by up to 1.2 LU: their ending is a third of
            // them), charted so the steering knows where in the piece each part of its loudness lies.
            var measure = options.MeasureFrames is { } full ? (int)Math.Round((double)full * SampleRate / sampleRate) : (int?)null;
            var (whole, wholeDecisions) = Render(renderer, score, profile, options with { MeasureFrames = measure }, (int)Math.Round((double)frames * SampleRate / sampleRate), cancellationToken);
            var parts = Math.Max(1, (int)(frames / (sampleRate * ChartSeconds)));
            return (wholeDecisions, AudioMaster.PlanLoudness(whole, new MasteringOptions(), parts), frames < SteerFromSeconds * sampleRate ? 0 : frames);
        }

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
