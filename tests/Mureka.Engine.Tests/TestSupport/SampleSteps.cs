namespace Mureka.Engine.Tests.TestSupport;

/// <summary>
/// The click measure the loop, join and transition tests share: a jump between adjacent samples is a click when it is
/// larger than the 99.9th percentile of the adjacent-sample steps the music itself makes.
/// </summary>
internal static class SampleSteps
{
    public static double Percentile999(float[] channel)
    {
        var steps = new double[channel.Length - 1];
        for (var i = 1; i < channel.Length; i++)
        {
            steps[i - 1] = Math.Abs(channel[i] - channel[i - 1]);
        }

        Array.Sort(steps);
        return steps[(int)(steps.Length * 0.999)];
    }
}
