using Mureka.Engine.Music;
using Mureka.Engine.Rendering;
using Mureka.Engine.Tests.TestSupport;

namespace Mureka.Engine.Tests.Rendering;

public sealed class ScoreRendererTests(SharedRenderer shared) : IClassFixture<SharedRenderer>
{
    private const int SampleRate = 44100;

    [Fact]
    public void Render_FivePartScore_EveryStemAudibleAndExactlyTotalFrames()
    {
        var score = TestScores.FivePart(bars: 2);
        var frames = TestScores.FramesFor(score, SampleRate) - 1234;

        var stems = shared.Renderer.Render(score, new RenderOptions(SampleRate, frames, Loop: false)).Stems;

        Assert.Equal(Enum.GetValues<StemKind>().Length, stems.Count);
        foreach (var (kind, buffer) in stems)
        {
            Assert.Equal(frames, buffer.Frames);
            Assert.Equal(SampleRate, buffer.SampleRate);
            Assert.True(AudioFiles.Rms(buffer.Left) > 1e-3, $"{kind} is silent");
        }
    }

    [Fact]
    public void Render_SameScoreTwice_ProducesIdenticalSamples()
    {
        var score = TestScores.FivePart(bars: 2);
        var options = new RenderOptions(48000, TestScores.FramesFor(score, 48000), Loop: true);

        var first = shared.Renderer.Render(score, options).Stems;
        var second = shared.Renderer.Render(score, options).Stems;

        foreach (var kind in Enum.GetValues<StemKind>())
        {
            Assert.Equal(first[kind].Left, second[kind].Left);
            Assert.Equal(first[kind].Right, second[kind].Right);
        }
    }

    [Fact]
    public void Render_ScoreWithOnlyHarmony_OtherStemsSilentButFullLength()
    {
        var score = TestScores.PianoOnly(bars: 1);
        var frames = TestScores.FramesFor(score, SampleRate);

        var stems = shared.Renderer.Render(score, new RenderOptions(SampleRate, frames, Loop: false)).Stems;

        Assert.True(AudioFiles.Rms(stems[StemKind.Harmony].Left) > 1e-3);
        foreach (var kind in new[] { StemKind.Drums, StemKind.Bass, StemKind.Melody })
        {
            Assert.Equal(frames, stems[kind].Frames);
            Assert.All(stems[kind].Left, sample => Assert.Equal(0f, sample));
        }
    }

    [Fact]
    public void Render_Loop_WrapJumpNoBiggerThanTypicalAdjacentJumps()
    {
        var score = TestScores.FivePart(bars: 2);
        var frames = TestScores.FramesFor(score, SampleRate);

        var looped = AudioFiles.Mix(shared.Renderer.Render(score, new RenderOptions(SampleRate, frames, Loop: true)).Stems);
        var cut = AudioFiles.Mix(shared.Renderer.Render(score, new RenderOptions(SampleRate, frames, Loop: false)).Stems);

        foreach (var channel in new[] { looped.Left, looped.Right })
        {
            var typical = Percentile(AdjacentJumps(channel), 0.999);
            Assert.True(WrapJump(channel) <= typical, $"wrap jump {WrapJump(channel)} > 99.9th percentile {typical}");
        }

        // Without wrapping the ringing pad and reverb stop dead at the loop point.
        Assert.True(WrapJump(cut.Left) + WrapJump(cut.Right) > WrapJump(looped.Left) + WrapJump(looped.Right));
    }

    [Fact]
    public void Render_WithProgress_ReportsMonotonicallyUpToOne()
    {
        var score = TestScores.FivePart(bars: 1);
        var reports = new List<double>();
        var progress = new SynchronousProgress(value => { lock (reports) { reports.Add(value); } });

        shared.Renderer.Render(score, new RenderOptions(SampleRate, TestScores.FramesFor(score, SampleRate), false), progress);

        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1]);
        Assert.All(reports, value => Assert.InRange(value, 0.0, 1.0));
    }

    [Fact]
    public void Render_AlreadyCancelled_ThrowsOperationCanceled()
    {
        var score = TestScores.FivePart(bars: 1);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => shared.Renderer.Render(
            score, new RenderOptions(SampleRate, TestScores.FramesFor(score, SampleRate), false), cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Constructor_MissingSoundFont_ThrowsNamingTheDebianPackage()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-soundfont.sf2");

        var exception = Assert.Throws<FileNotFoundException>(() => new ScoreRenderer(missing));

        Assert.Contains("musescore-general-soundfont", exception.Message, StringComparison.Ordinal);
    }

    private static float WrapJump(float[] channel) => MathF.Abs(channel[0] - channel[^1]);

    private static float[] AdjacentJumps(float[] channel)
    {
        var jumps = new float[channel.Length - 1];
        for (var i = 0; i < jumps.Length; i++)
        {
            jumps[i] = MathF.Abs(channel[i + 1] - channel[i]);
        }

        return jumps;
    }

    private static float Percentile(float[] values, double fraction)
    {
        Array.Sort(values);
        return values[(int)(fraction * (values.Length - 1))];
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
