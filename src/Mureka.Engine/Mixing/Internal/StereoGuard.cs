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

    /// <summary>The side gain that brings the whole mix's correlation bound up to the minimum (1 when it is already there).</summary>
    /// <param name="measureFrames">The frames, from the start, the width is measured over.</param>
    public static float SideGainFor(IReadOnlyList<AudioBuffer> stems, int measureFrames)
    {
        var frames = Math.Min(stems[0].Frames, measureFrames);
        double mid = 0, side = 0;
        for (var i = 0; i < frames; i++)
        {
            double l = 0, r = 0;
            for (var k = 0; k < stems.Count; k++)
            {
                l += stems[k].Left[i];
                r += stems[k].Right[i];
            }

            var m = l + r;
            var s = l - r;
            mid += m * m;
            side += s * s;
        }

        if (side <= 0 || (mid - side) / (mid + side) >= MinimumCorrelation)
        {
            return 1f;
        }

        var c = MinimumCorrelation;
        return (float)Math.Sqrt(mid * (1 - c) / ((1 + c) * side));
    }

    /// <summary>Scales every stem's side by <paramref name="sideGain"/>: one linear change, so the stems still sum to the mix.</summary>
    public static void Narrow(IReadOnlyList<AudioBuffer> stems, float sideGain) => Narrow(stems, sideGain, 0, stems[0].Frames);

    /// <summary>As <see cref="Narrow(IReadOnlyList{AudioBuffer}, float)"/> for frames [from, to) only.</summary>
    public static void Narrow(IReadOnlyList<AudioBuffer> stems, float sideGain, int from, int to)
    {
        if (sideGain == 1f)
        {
            return;
        }

        foreach (var stem in stems)
        {
            for (var i = from; i < to; i++)
            {
                var m = 0.5f * (stem.Left[i] + stem.Right[i]);
                var s = 0.5f * (stem.Left[i] - stem.Right[i]) * sideGain;
                stem.Left[i] = m + s;
                stem.Right[i] = m - s;
            }
        }
    }
}
