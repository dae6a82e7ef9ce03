using Mureka.Spec.Music;

namespace Mureka.Spec.Timing;

/// <summary>
/// Chooses the tempo, inside a genre's range and as near the preferred one as possible, at which whole bars
/// fill the requested length: a non-loop piece's final hit lands on a downbeat with a short ring-out left,
/// a loop's whole bars span the duration. Billed seconds are music, not a held chord or silence.
/// </summary>
public static class TempoFitter
{
    public const double MinRingOutSeconds = 0.8;
    public const double MaxRingOutSeconds = 1.5;

    private const double EdgeMarginSeconds = 0.05;

    // Bar counts that are not whole phrases cost a little tempo distance: four-bar phrases read best.
    private const double OddBarPenalty = 0.08;
    private const double HalfPhrasePenalty = 0.05;

    /// <summary>The fitted tempo (rounded to 0.01 bpm), or <paramref name="preferred"/> when no bar count fits the range.</summary>
    public static double Fit(double preferred, double minBpm, double maxBpm, TimeSignature meter, int durationMs, bool loop)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(preferred);
        var seconds = durationMs / 1000.0;
        var quarters = meter.QuarterNotesPerBar;
        var best = double.NaN;
        var bestCost = double.PositiveInfinity;

        // Bar counts whose tempo could fall inside the range at some allowed ring-out.
        var music = loop ? seconds : seconds - MaxRingOutSeconds;
        var fewest = Math.Max(1, (int)Math.Floor(music * minBpm / (60.0 * quarters)));
        var most = (int)Math.Ceiling(seconds * maxBpm / (60.0 * quarters));
        for (var bars = fewest; bars <= most; bars++)
        {
            var candidate = loop ? TempoFor(bars, quarters, seconds) : NonLoopTempo(bars, quarters, seconds, preferred, minBpm, maxBpm);
            if (double.IsNaN(candidate) || candidate < minBpm || candidate > maxBpm)
            {
                continue;
            }

            var cost = (Math.Abs(candidate - preferred) / preferred) + Penalty(bars);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = candidate;
            }
        }

        if (double.IsNaN(best))
        {
            return preferred;
        }

        return Math.Round(best, 2);
    }

    private static double TempoFor(int bars, double quarters, double seconds) => bars * quarters * 60.0 / seconds;

    /// <summary>The tempo nearest the preferred one at which <paramref name="bars"/> end with an allowed ring-out.</summary>
    private static double NonLoopTempo(int bars, double quarters, double seconds, double preferred, double minBpm, double maxBpm)
    {
        if (seconds - MaxRingOutSeconds <= 0)
        {
            return double.NaN;
        }

        // A little inside the bounds, so rounding the tempo to 0.01 bpm cannot push the ring-out out of them.
        // The longest ring-out leaves the bars the least time, so it gives the fastest tempo.
        var slowest = TempoFor(bars, quarters, seconds - MinRingOutSeconds - EdgeMarginSeconds);
        var fastest = TempoFor(bars, quarters, seconds - MaxRingOutSeconds + EdgeMarginSeconds);
        var low = Math.Max(slowest, minBpm);
        var high = Math.Min(fastest, maxBpm);
        return low <= high ? Math.Clamp(preferred, low, high) : double.NaN;
    }

    private static double Penalty(int bars) => bars % 2 != 0 ? OddBarPenalty : bars % 4 != 0 ? HalfPhrasePenalty : 0;
}
