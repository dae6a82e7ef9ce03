using Mureka.Engine.Arrangement;
using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;

namespace Mureka.Engine.Tests.Engine;

[Collection(EngineCollection.Name)]
public sealed class MurekaEngineAudioTests(SharedEngine shared)
{
    public static TheoryData<string> Genres => new(GenreCatalog.All.Select(g => g.Id));

    [Theory]
    [MemberData(nameof(Genres))]
    public async Task Render_EveryGenre_ExactLengthTargetLoudnessAndPeak(string genre)
    {
        var request = SpecResolver.Resolve(new MusicSpec { Genre = genre, DurationMs = 12_345, Seed = 21 });
        using var dir = new TempDirectory();
        var path = dir.File($"{genre}.wav");

        var result = await shared.Engine.RenderAsync(request);
        await using (var file = File.Create(path))
        {
            await result.WriteAsync(file);
        }

        var expectedFrames = (int)Math.Round(12.345 * 44_100);
        Assert.Equal(expectedFrames, result.Audio.Mix.Frames);
        var samples = await Ffmpeg.DecodeStereoInt16Async(path);
        Assert.Equal(expectedFrames * 2, samples.Length);
        Assert.True(samples.Max(s => Math.Abs((int)s)) > 3_000, "track is (nearly) silent");
        var (lufs, truePeak) = await Ffmpeg.MeasureLoudnessAsync(path);
        Assert.InRange(lufs, -15.0, -13.0);
        Assert.True(truePeak <= -1.0, $"true peak {truePeak} dBTP");
        Assert.InRange(result.Metadata.IntegratedLufs, -15.0, -13.0);
    }

    [Fact]
    public async Task Render_Stems_SumToMixBelowMinus60Db()
    {
        var request = SpecResolver.Resolve(new MusicSpec { Genre = "rock", DurationMs = 8_000, Seed = 8, Stems = true });
        using var dir = new TempDirectory();

        var result = await shared.Engine.RenderAsync(request);
        var mixPath = dir.File("mix.wav");
        await using (var file = File.Create(mixPath))
        {
            await result.WriteAsync(file);
        }

        var mix = await Ffmpeg.DecodeStereoInt16Async(mixPath);
        var sum = new double[mix.Length];
        foreach (var stem in Enum.GetValues<StemKind>())
        {
            var stemPath = dir.File($"{stem}.wav");
            await using (var file = File.Create(stemPath))
            {
                await result.WriteStemAsync(stem, file);
            }

            var samples = await Ffmpeg.DecodeStereoInt16Async(stemPath);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += samples[i];
            }
        }

        double signal = 0, residual = 0;
        for (var i = 0; i < mix.Length; i++)
        {
            signal += (double)mix[i] * mix[i];
            residual += (sum[i] - mix[i]) * (sum[i] - mix[i]);
        }

        var residualDb = 10 * Math.Log10(residual / signal);
        Assert.True(residualDb <= -60, $"stem residual {residualDb:0.0} dB");
        Assert.Equal(["drums", "bass", "harmony", "melody"], result.Metadata.Stems);
    }

    [Theory]
    [InlineData("house", "4/4")]
    [InlineData("ambient", "3/4")]
    [InlineData("chiptune", "6/8")]
    public async Task Render_Loop_WholeBarsAndNoClickAtWrap(string genre, string meter)
    {
        var request = SpecResolver.Resolve(new MusicSpec { Genre = genre, TimeSignature = meter, Bpm = 120, DurationMs = 8_000, Seed = 4, Loop = true });

        var result = await shared.Engine.RenderAsync(request);

        var mix = result.Audio.Mix;
        var barFrames = result.Score.BarSeconds * mix.SampleRate;
        Assert.Equal(Math.Round(result.Score.BarCount * barFrames), mix.Frames);
        Assert.NotNull(result.Metadata.Loop);
        Assert.Equal(mix.Frames, result.Metadata.Loop!.EndFrame);
        foreach (var channel in new[] { mix.Left, mix.Right })
        {
            var typical = SampleSteps.Percentile999(channel);
            var wrap = Math.Abs(channel[0] - channel[^1]);
            Assert.True(wrap <= typical, $"jump at the loop point {wrap:0.0000} exceeds the 99.9th percentile step {typical:0.0000}");
        }
    }
}
