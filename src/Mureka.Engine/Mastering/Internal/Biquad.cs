namespace Mureka.Engine.Mastering.Internal;

/// <summary>Normalised (a0 = 1) second-order section, run in transposed direct form II with double state.</summary>
internal readonly record struct Biquad(double B0, double B1, double B2, double A1, double A2)
{
    public void Process(ReadOnlySpan<float> input, Span<double> output)
    {
        double z1 = 0, z2 = 0;
        for (var i = 0; i < input.Length; i++)
        {
            double x = input[i];
            var y = B0 * x + z1;
            z1 = B1 * x - A1 * y + z2;
            z2 = B2 * x - A2 * y;
            output[i] = y;
        }
    }

    public void ProcessInPlace(Span<double> signal)
    {
        double z1 = 0, z2 = 0;
        for (var i = 0; i < signal.Length; i++)
        {
            var x = signal[i];
            var y = B0 * x + z1;
            z1 = B1 * x - A1 * y + z2;
            z2 = B2 * x - A2 * y;
            signal[i] = y;
        }
    }
}
