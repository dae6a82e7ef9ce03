namespace Mureka.Engine.Tests.TestSupport;

/// <summary>Independent stereo meters for the mix tests: Pearson L/R correlation and the loss of a (L+R)/2 fold-down.</summary>
internal static class StereoMeasures
{
    public static (double Correlation, double MonoLossDb) Of(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        double meanL = 0, meanR = 0;
        for (var i = 0; i < left.Length; i++)
        {
            meanL += left[i];
            meanR += right[i];
        }

        meanL /= left.Length;
        meanR /= right.Length;
        double lr = 0, ll = 0, rr = 0, mono = 0;
        for (var i = 0; i < left.Length; i++)
        {
            var l = left[i] - meanL;
            var r = right[i] - meanR;
            lr += l * r;
            ll += l * l;
            rr += r * r;
            var m = (l + r) / 2;
            mono += m * m;
        }

        return (lr / Math.Sqrt(ll * rr), 10 * Math.Log10((ll + rr) / 2 / mono));
    }

    /// <summary>DC offset: the larger of the two channels' means.</summary>
    public static double DcOffset(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        double l = 0, r = 0;
        for (var i = 0; i < left.Length; i++)
        {
            l += left[i];
            r += right[i];
        }

        return Math.Max(Math.Abs(l), Math.Abs(r)) / left.Length;
    }
}
