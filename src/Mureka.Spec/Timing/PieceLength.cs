using Mureka.Spec.Music;

namespace Mureka.Spec.Timing;

/// <summary>
/// How a non-loop piece fills its requested length: whole body bars, then an ending bar whose final hit
/// lands <see cref="EndingEighths"/> eighths after its downbeat (0 = on the downbeat), leaving between
/// <see cref="TempoFitter.MinRingOutSeconds"/> and <see cref="TempoFitter.MaxRingOutSeconds"/> for the hit to ring.
/// </summary>
/// <remarks>
/// With a fitted tempo the hit is always on the downbeat. A tempo the caller fixed cannot be bent, so the ending
/// bar may carry a short turnaround (dominant and drum fill) of a few eighths before the hit instead.
/// </remarks>
public readonly record struct PieceLength(int BodyBars, int EndingEighths, double FinalHitSeconds, double RingOutSeconds)
{
    /// <summary>Bars in the score: the body plus the ending bar.</summary>
    public int ScoreBars => BodyBars + 1;

    public static PieceLength Of(double bpm, TimeSignature meter, int durationMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bpm);
        var seconds = durationMs / 1000.0;
        var barSeconds = meter.QuarterNotesPerBar * 60.0 / bpm;
        var eighthSeconds = 30.0 / bpm;
        var eighthsPerBar = (int)Math.Round(meter.QuarterNotesPerBar * 2);

        var bodyBars = Math.Max(0, (int)Math.Floor(((seconds - TempoFitter.MinRingOutSeconds) / barSeconds) + 1e-9));
        var left = seconds - (bodyBars * barSeconds);
        var eighths = Math.Max(0, (int)Math.Ceiling(((left - TempoFitter.MaxRingOutSeconds) / eighthSeconds) - 1e-9));
        if (eighths >= eighthsPerBar)
        {
            bodyBars += eighths / eighthsPerBar;
            eighths %= eighthsPerBar;
        }

        var hit = (bodyBars * barSeconds) + (eighths * eighthSeconds);
        if (hit >= seconds)
        {
            // Shorter than one ending: the hit starts the piece and rings for all of it.
            return new PieceLength(0, 0, 0, seconds);
        }

        return new PieceLength(bodyBars, eighths, hit, seconds - hit);
    }
}
