using Mureka.Engine.Mastering.Internal;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>Second-order sections from the RBJ Audio EQ Cookbook, normalised to a0 = 1.</summary>
internal static class FilterDesign
{
    public const double ButterworthQ = 0.7071067811865476;

    public static Biquad HighPass(double frequency, int sampleRate, double q = ButterworthQ)
    {
        var (cos, alpha) = Prototype(frequency, sampleRate, q);
        var a0 = 1 + alpha;
        return new Biquad((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
    }

    public static Biquad LowPass(double frequency, int sampleRate, double q = ButterworthQ)
    {
        var (cos, alpha) = Prototype(frequency, sampleRate, q);
        var a0 = 1 + alpha;
        return new Biquad((1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
    }

    public static Biquad Peak(double frequency, int sampleRate, double q, double gainDb)
    {
        var (cos, alpha) = Prototype(frequency, sampleRate, q);
        var a = Math.Pow(10, gainDb / 40);
        var a0 = 1 + alpha / a;
        return new Biquad((1 + alpha * a) / a0, -2 * cos / a0, (1 - alpha * a) / a0, -2 * cos / a0, (1 - alpha / a) / a0);
    }

    public static Biquad LowShelf(double frequency, int sampleRate, double gainDb) => Shelf(frequency, sampleRate, gainDb, low: true);

    public static Biquad HighShelf(double frequency, int sampleRate, double gainDb) => Shelf(frequency, sampleRate, gainDb, low: false);

    private static Biquad Shelf(double frequency, int sampleRate, double gainDb, bool low)
    {
        var a = Math.Pow(10, gainDb / 40);
        var (cos, alpha) = Prototype(frequency, sampleRate, ButterworthQ);
        var root = 2 * Math.Sqrt(a) * alpha;
        var sign = low ? 1 : -1;
        var a0 = (a + 1) + (sign * (a - 1) * cos) + root;
        var b0 = a * ((a + 1) - (sign * (a - 1) * cos) + root);
        var b1 = 2 * sign * a * ((a - 1) - (sign * (a + 1) * cos));
        var b2 = a * ((a + 1) - (sign * (a - 1) * cos) - root);
        var a1 = -2 * sign * ((a - 1) + (sign * (a + 1) * cos));
        var a2 = (a + 1) + (sign * (a - 1) * cos) - root;
        return new Biquad(b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0);
    }

    private static (double Cos, double Alpha) Prototype(double frequency, int sampleRate, double q)
    {
        var w0 = 2 * Math.PI * Math.Min(frequency, sampleRate * 0.45) / sampleRate;
        return (Math.Cos(w0), Math.Sin(w0) / (2 * q));
    }
}
