using Mureka.Engine.Mastering;
using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;

namespace Mureka.Engine.Tests.Mastering;

public sealed class LoudnessMeterTests
{
    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void IntegratedLufs_FullScale997HzSineOnOneChannel_ReadsMinus3Point01(int sampleRate)
    {
        var sine = AudioFiles.Sine(sampleRate, seconds: 5, frequency: 997, amplitude: 1.0, right: false);

        var lufs = LoudnessMeter.IntegratedLufs(sine);

        Assert.InRange(lufs, -3.01 - 0.05, -3.01 + 0.05);
    }

    [Fact]
    public void IntegratedLufs_1kHzSineAtMinus20DbfsOnBothChannels_ReadsAboutMinus20()
    {
        // One channel at -20 dBFS reads about -23 LUFS; the second identical channel adds its power, +3 LU.
        var sine = AudioFiles.Sine(48000, seconds: 5, frequency: 1000, amplitude: Math.Pow(10, -20 / 20.0));

        var lufs = LoudnessMeter.IntegratedLufs(sine);

        Assert.InRange(lufs, -20.1, -19.9);
    }

    [Fact]
    public void IntegratedLufs_Silence_ReturnsNegativeInfinity()
    {
        var silence = new AudioBuffer(44100, 44100 * 2);

        Assert.Equal(double.NegativeInfinity, LoudnessMeter.IntegratedLufs(silence));
    }

    [Fact]
    public void IntegratedLufs_QuietPassageAfterLoudOne_IsRelativelyGatedOut()
    {
        var loud = AudioFiles.Sine(48000, seconds: 4, frequency: 1000, amplitude: 0.1);
        var quiet = AudioFiles.Sine(48000, seconds: 4, frequency: 1000, amplitude: 0.001);
        var joined = new AudioBuffer(48000, [.. loud.Left, .. quiet.Left], [.. loud.Right, .. quiet.Right]);

        var loudOnly = LoudnessMeter.IntegratedLufs(loud);
        var both = LoudnessMeter.IntegratedLufs(joined);

        Assert.InRange(both - loudOnly, -0.2, 0.2);
    }

    [Fact]
    public async Task IntegratedLufs_RenderedMusic_AgreesWithFfmpegWithinHalfLu()
    {
        using var renderer = new Mureka.Engine.Rendering.ScoreRenderer(Mureka.Engine.Rendering.SoundFontLocator.Locate());
        var score = TestScores.FivePart(bars: 4);
        var stems = renderer.Render(score, new(44100, TestScores.FramesFor(score, 44100), false)).Stems;
        var mix = AudioFiles.Mix(stems);
        using var wav = new TempFile(".wav");
        await AudioFiles.WriteAsync(mix, wav.Path, bitDepth: 24);

        var ours = LoudnessMeter.IntegratedLufs(mix);
        var (reference, _) = await Ffmpeg.MeasureLoudnessAsync(wav.Path);

        Assert.InRange(ours - reference, -0.5, 0.5);
    }
}
