using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// Width and pan in mid/side terms, so nothing leaves a track anti-phase. Some soundfont presets are rendered with
/// L and R nearly opposite (their stereo samples or layers cancel in mono); the side is scaled down until the track's
/// L/R correlation is at least <see cref="MinimumCorrelation"/>, and a track that is mostly side is folded to mono.
/// </summary>
internal static class StereoPlacer
{
    public const double MinimumCorrelation = 0.4;
    private const double MaxPan = 0.7;

    public static void Place(AudioBuffer audio, double width, double pan) =>
        Apply(audio.Left, audio.Right, Measure(audio.Left, audio.Right, width), pan);

    /// <summary>The side gain and fold a track's whole rendering calls for (taken once, applied to every stretch of it).</summary>
    public static Placement Measure(ReadOnlySpan<float> left, ReadOnlySpan<float> right, double width)
    {
        double mid = 0, side = 0;
        for (var i = 0; i < left.Length; i++)
        {
            double m = left[i] + right[i];
            double s = left[i] - right[i];
            mid += m * m;
            side += s * s;
        }

        // (M² − S²) / (M² + S²) is a lower bound of the L/R correlation; keep it above the minimum.
        var c = MinimumCorrelation;
        var sideLimit = side > 0 ? Math.Sqrt(mid * (1 - c) / ((1 + c) * side)) : 0;
        return new Placement((float)Math.Min(Math.Max(0, width), sideLimit), side > 4 * mid);
    }

    public static void Apply(Span<float> left, Span<float> right, Placement placement, double pan)
    {
        var angle = (Math.Clamp(pan, -MaxPan, MaxPan) + 1) * Math.PI / 4;
        var leftGain = (float)(Math.Sqrt(2) * Math.Cos(angle));
        var rightGain = (float)(Math.Sqrt(2) * Math.Sin(angle));
        var (sideGain, foldToLeft) = placement;
        for (var i = 0; i < left.Length; i++)
        {
            var l = left[i];
            var r = foldToLeft ? l : right[i];
            var m = 0.5f * (l + r);
            var s = 0.5f * (l - r) * sideGain;
            left[i] = (m + s) * leftGain;
            right[i] = (m - s) * rightGain;
        }
    }
}

/// <summary>How a track's side is scaled (<see cref="SideGain"/>) and whether it is folded to mono from its left channel.</summary>
internal readonly record struct Placement(float SideGain, bool FoldToLeft);
