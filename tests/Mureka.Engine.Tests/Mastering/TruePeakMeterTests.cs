using Mureka.Engine.Mastering;
using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;

namespace Mureka.Engine.Tests.Mastering;

public sealed class TruePeakMeterTests
{
    [Fact]
    public void TruePeakDbtp_QuarterRateSineSampledBetweenPeaks_FindsPeakAboveSamples()
    {
        // Sampled at 45°, 135°, ...: every sample is ±0.707 (-3 dBFS) while the waveform reaches 1.0 in between.
        var sine = AudioFiles.Sine(48000, seconds: 1, frequency: 12000, amplitude: 1.0, phase: Math.PI / 4);

        var truePeak = TruePeakMeter.TruePeakDbtp(sine);

        // A finite interpolator may over-read a little near half the Nyquist rate; over-reading is the safe side for a limiter.
        Assert.InRange(truePeak, -0.3, 0.2);
    }

    [Fact]
    public void TruePeakDbtp_LowFrequencySine_MatchesAmplitude()
    {
        var sine = AudioFiles.Sine(44100, seconds: 1, frequency: 100, amplitude: 0.5);

        var truePeak = TruePeakMeter.TruePeakDbtp(sine);

        Assert.InRange(truePeak, 20 * Math.Log10(0.5) - 0.05, 20 * Math.Log10(0.5) + 0.05);
    }

    [Fact]
    public void TruePeakDbtp_Silence_ReturnsNegativeInfinity()
    {
        Assert.Equal(double.NegativeInfinity, TruePeakMeter.TruePeakDbtp(new AudioBuffer(48000, 4800)));
    }
}
