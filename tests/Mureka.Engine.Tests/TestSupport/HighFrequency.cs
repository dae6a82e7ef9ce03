namespace Mureka.Engine.Tests.TestSupport;

/// <summary>Share of a signal's energy above a frequency, measured with an 8th-order Butterworth high-pass written here (RBJ sections).</summary>
internal static class HighFrequency
{
    private static readonly double[] SectionQs = [0.5098, 0.6013, 0.9000, 2.5629];

    public static double ShareAboveDb(ReadOnlySpan<float> signal, int sampleRate, double frequency)
    {
        var filtered = new double[signal.Length];
        for (var i = 0; i < signal.Length; i++)
        {
            filtered[i] = signal[i];
        }

        var total = Energy(filtered);
        foreach (var q in SectionQs)
        {
            HighPass(filtered, sampleRate, frequency, q);
        }

        return 10 * Math.Log10(Energy(filtered) / total);
    }

    private static double Energy(double[] x)
    {
        var sum = 0.0;
        foreach (var v in x)
        {
            sum += v * v;
        }

        return sum;
    }

    private static void HighPass(double[] x, int sampleRate, double frequency, double q)
    {
        var w0 = 2 * Math.PI * frequency / sampleRate;
        var (cos, alpha) = (Math.Cos(w0), Math.Sin(w0) / (2 * q));
        var a0 = 1 + alpha;
        var (b0, b1, b2, a1, a2) = ((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var y = (b0 * x[i]) + (b1 * x1) + (b2 * x2) - (a1 * y1) - (a2 * y2);
            (x2, x1, y2, y1) = (x1, x[i], y1, y);
            x[i] = y;
        }
    }
}
