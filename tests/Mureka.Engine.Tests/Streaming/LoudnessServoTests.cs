using Mureka.Engine.Mastering;
using Mureka.Engine.Mastering.Internal;
using Mureka.Engine.Music;
using Mureka.Engine.Streaming;

namespace Mureka.Engine.Tests.Streaming;

/// <summary>The windowed master steers a pre-render's make-up gain onto the power it aimed at, slowly, and only where the pre-render was wrong.</summary>
public sealed class LoudnessServoTests
{
    private const int SampleRate = 44_100;
    private const double Gain = 2.0;
    private static readonly MasteringOptions NoFade = new(FadeOutSeconds: 0);

    [Theory]
    [InlineData(1.5)]
    [InlineData(-1.5)]
    public void MasterStream_PreRenderMissedThePiecesLoudness_MasterLandsOnTheAimedPower(double missDb)
    {
        var mix = Noise(60);
        var actual = LoudnessMeter.MeanPower(mix);
        var standIn = actual * Math.Pow(10, -missDb / 10);
        var plan = new LoudnessPlan(Gain, standIn, standIn * Gain * Gain);

        var master = Master(mix, plan, mix.Frames);

        var landed = 10 * Math.Log10(LoudnessMeter.MeanPower(master.Mastered) / plan.OutputPower);
        Assert.InRange(landed, -0.1, 0.1);
        var fixedGain = 10 * Math.Log10(actual * Gain * Gain / plan.OutputPower);
        Assert.InRange(fixedGain, missDb - 0.01, missDb + 0.01);
        AssertSlow(master.Curve);
    }

    [Fact]
    public void MasterStream_PreRenderRight_GainStaysPut()
    {
        var mix = Noise(30);
        var power = LoudnessMeter.MeanPower(mix);

        var master = Master(mix, new LoudnessPlan(Gain, power, power * Gain * Gain), mix.Frames);

        var (low, high) = (Steered(master.Curve).Min(), Steered(master.Curve).Max());
        Assert.InRange(20 * Math.Log10(high / low), 0, 0.05);
    }

    [Fact]
    public void MasterStream_PastTheSteeredFrames_GainHolds()
    {
        var mix = Noise(30);
        var actual = LoudnessMeter.MeanPower(mix);
        var steered = 10 * SampleRate;

        var master = Master(mix, new LoudnessPlan(Gain, actual / 2, actual * Gain * Gain / 2), steered);

        Assert.True(master.Curve[steered - 1] < Gain * 0.95, $"the gain never moved: {master.Curve[steered - 1]}");
        Assert.All(master.Curve[steered..], g => Assert.Equal(master.Curve[steered - 1], g));
    }

    private static MasterStream Master(AudioBuffer mix, LoudnessPlan plan, int steeredFrames)
    {
        var master = new MasterStream(mix, plan, steeredFrames, NoFade);
        foreach (var end in WindowedRender.WindowEnds(SampleRate, mix.Frames))
        {
            master.Advance(end);
        }

        Assert.Equal(mix.Frames, master.Ready);
        return master;
    }

    /// <summary>Quiet enough that the limiter never acts at 3 dB over the gain: the curve is the steered gain.</summary>
    private static AudioBuffer Noise(int seconds)
    {
        var random = new Random(5);
        var mix = new AudioBuffer(SampleRate, seconds * SampleRate);
        for (var i = 0; i < mix.Frames; i++)
        {
            mix.Left[i] = (float)((random.NextDouble() - 0.5) * 0.1);
            mix.Right[i] = (float)((random.NextDouble() - 0.5) * 0.1);
        }

        return mix;
    }

    /// <summary>The curve after the fade-in a piece starting on a sound gets.</summary>
    private static float[] Steered(float[] curve) => curve[AudioMaster.FadeInFrames(SampleRate)..];

    /// <summary>No faster than a quarter dB a second (compared a second apart: a float gain steps unevenly frame to frame).</summary>
    private static void AssertSlow(float[] all)
    {
        var curve = Steered(all);
        var fastest = 0.0;
        for (var i = SampleRate; i < curve.Length; i += SampleRate / 10)
        {
            fastest = Math.Max(fastest, Math.Abs(20 * Math.Log10(curve[i] / (double)curve[i - SampleRate])));
        }

        Assert.InRange(fastest, 0.05, 0.2501);
    }
}
