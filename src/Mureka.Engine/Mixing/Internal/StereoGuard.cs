using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// The last mono-safety net: measures the whole mix in mid/side and, if its L/R correlation bound is under
/// <see cref="MinimumCorrelation"/>, narrows every stem's side by the same factor (a linear change, so the stems
/// still sum to the mix). With the bound at 0.35 the mono fold-down loses under 2 dB.
/// </summary>
internal static class StereoGuard
{
    public const double MinimumCorrelation = 0.35;

    public static void Apply(IReadOnlyList<AudioBuffer> stems)
    {
        var frames = stems[0].Frames;
        var left = new double[frames];
        var right = new double[frames];
        for (var k = 0; k < stems.Count; k++)
        {
            var stem = stems[k];
            for (var i = 0; i < frames; i++)
            {
                left[i] += stem.Left[i];
                right[i] += stem.Right[i];
            }
        }

        double mid = 0, side = 0;
        for (var i = 0; i < frames; i++)
        {
            var m = left[i] + right[i];
            var s = left[i] - right[i];
            mid += m * m;
            side += s * s;
        }

        if (side <= 0 || (mid - side) / (mid + side) >= MinimumCorrelation)
        {
            return;
        }

        var c = MinimumCorrelation;
        var sideGain = (float)Math.Sqrt(mid * (1 - c) / ((1 + c) * side));
        for (var k = 0; k < stems.Count; k++)
        {
            var stem = stems[k];
            for (var i = 0; i < frames; i++)
            {
                var m = 0.5f * (stem.Left[i] + stem.Right[i]);
                var s = 0.5f * (stem.Left[i] - stem.Right[i]) * sideGain;
                stem.Left[i] = m + s;
                stem.Right[i] = m - s;
            }
        }
    }
}
