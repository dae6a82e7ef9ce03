using System.Collections.Concurrent;
using Mureka.Engine.Arrangement;
using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;

namespace Mureka.Engine.Tests.Engine;

/// <summary>What customers measure with their own meters, on the decoded WAV of every genre: DC, mono safety, brightness.</summary>
[Collection(EngineCollection.Name)]
public sealed class MurekaEngineMixTests(SharedEngine shared)
{
    // One render per genre, shared by the tests below (decoded from the written WAV, as a customer would).
    private static readonly ConcurrentDictionary<string, Lazy<Task<Decoded>>> Renders = new();

    public static TheoryData<string> Genres => new(GenreCatalog.All.Select(g => g.Id));

    /// <summary>Genres whose pitched parts should reach well above 8 kHz (lo-fi is dark on purpose; piano, jazz and orchestra are soft).</summary>
    public static TheoryData<string> BrightGenres => new("corporate-pop", "rock", "house", "acoustic-folk", "chiptune");

    [Theory]
    [MemberData(nameof(Genres))]
    public async Task Render_EveryGenre_DcOffsetAtMostOneThousandth(string genre)
    {
        var audio = await RenderAsync(genre);

        var dc = StereoMeasures.DcOffset(audio.Left, audio.Right);

        Assert.True(dc <= 0.001, $"{genre}: DC offset {dc:0.00000}");
    }

    [Theory]
    [MemberData(nameof(Genres))]
    public async Task Render_EveryGenre_LeftRightCorrelationAtLeastPointTwo(string genre)
    {
        var audio = await RenderAsync(genre);

        var (correlation, _) = StereoMeasures.Of(audio.Left, audio.Right);

        Assert.True(correlation >= 0.2, $"{genre}: L/R correlation {correlation:0.00}");
    }

    [Theory]
    [MemberData(nameof(Genres))]
    public async Task Render_EveryGenre_MonoFoldDownLosesAtMostThreeDb(string genre)
    {
        var audio = await RenderAsync(genre);

        var (_, monoLossDb) = StereoMeasures.Of(audio.Left, audio.Right);

        Assert.True(monoLossDb <= 3, $"{genre}: mono fold-down loses {monoLossDb:0.00} dB");
    }

    [Theory]
    [MemberData(nameof(BrightGenres))]
    public async Task Render_BrightGenre_PitchedStemsCarryEnergyAbove8kHz(string genre)
    {
        var audio = await RenderAsync(genre);

        // Melody and harmony only: cymbals would hide dull pitched samples.
        var shareDb = HighFrequency.ShareAboveDb(audio.Pitched, audio.SampleRate, 8_000);

        Assert.True(shareDb >= -50, $"{genre}: pitched stems have {shareDb:0.0} dB of their energy above 8 kHz");
    }

    private async Task<Decoded> RenderAsync(string genre) =>
        await Renders.GetOrAdd(genre, g => new Lazy<Task<Decoded>>(() => RenderAndDecodeAsync(shared.Engine, g))).Value;

    private static async Task<Decoded> RenderAndDecodeAsync(MurekaEngine engine, string genre)
    {
        var request = SpecResolver.Resolve(new MusicSpec { Genre = genre, DurationMs = 10_000, Seed = 31, Stems = true });
        var result = await engine.RenderAsync(request);
        using var dir = new TempDirectory();
        var mix = await DecodeAsync(dir.File("mix.wav"), s => result.WriteAsync(s));
        var melody = await DecodeAsync(dir.File("melody.wav"), s => result.WriteStemAsync(StemKind.Melody, s));
        var harmony = await DecodeAsync(dir.File("harmony.wav"), s => result.WriteStemAsync(StemKind.Harmony, s));
        var frames = mix.Length / 2;
        var (left, right, pitched) = (new float[frames], new float[frames], new float[frames]);
        for (var i = 0; i < frames; i++)
        {
            left[i] = mix[2 * i];
            right[i] = mix[(2 * i) + 1];
            pitched[i] = (melody[2 * i] + melody[(2 * i) + 1] + harmony[2 * i] + harmony[(2 * i) + 1]) / 4;
        }

        return new Decoded(left, right, pitched, request.SampleRate);
    }

    private static async Task<float[]> DecodeAsync(string path, Func<Stream, Task> write)
    {
        await using (var file = File.Create(path))
        {
            await write(file);
        }

        return await Ffmpeg.DecodeStereoFloatAsync(path);
    }

    private sealed record Decoded(float[] Left, float[] Right, float[] Pitched, int SampleRate);
}
