using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;

namespace Mureka.Engine.Tests.Engine;

[Collection(EngineCollection.Name)]
public sealed class MurekaEngineDeterminismTests(SharedEngine shared)
{
    private static readonly string[] Genres = ["ambient", "lofi-hip-hop", "cinematic-orchestral", "corporate-pop", "rock", "house", "jazz", "acoustic-folk", "chiptune", "solo-piano", "epic-trailer", "classical-waltz"];

    [Fact]
    public async Task RenderBatch_SameRequestAloneAndAmong16_ByteIdenticalPcm()
    {
        var target = SpecResolver.Resolve(new MusicSpec { Genre = "jazz", Key = "F major", Bpm = 120, DurationMs = 4_000, Seed = 99 });
        var others = Enumerable.Range(0, 15).Select(i => SpecResolver.Resolve(new MusicSpec
        {
            Genre = Genres[i % Genres.Length],
            TimeSignature = i % 3 == 0 ? "3/4" : i % 3 == 1 ? "6/8" : "4/4",
            DurationMs = 2_000 + (i * 200),
            Seed = 1_000 + i,
        })).ToList();
        var batch = others.Take(6).Append(target).Concat(others.Skip(6)).ToList();

        var alone = await shared.Engine.RenderAsync(target);
        var inBatch = (await shared.Engine.RenderBatchAsync(batch))[6];

        Assert.Equal(alone.Audio.Mix.Left, inBatch.Audio.Mix.Left);
        Assert.Equal(alone.Audio.Mix.Right, inBatch.Audio.Mix.Right);
        Assert.Equal(await EncodeAsync(alone), await EncodeAsync(inBatch));
    }

    [Fact]
    public async Task Render_SameRequestTwice_ByteIdenticalWav()
    {
        var request = SpecResolver.Resolve(new MusicSpec { Prompt = "energetic house", DurationMs = 3_000, Seed = 5 });

        var first = await EncodeAsync(await shared.Engine.RenderAsync(request));
        var second = await EncodeAsync(await shared.Engine.RenderAsync(request));

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Render_DifferentSeeds_DifferentAudio()
    {
        var a = SpecResolver.Resolve(new MusicSpec { Genre = "solo-piano", DurationMs = 3_000, Seed = 1 });
        var b = a with { Seed = 2 };

        var first = await EncodeAsync(await shared.Engine.RenderAsync(a));
        var second = await EncodeAsync(await shared.Engine.RenderAsync(b));

        Assert.NotEqual(first, second);
    }

    private static async Task<byte[]> EncodeAsync(RenderResult result)
    {
        using var stream = new MemoryStream();
        await result.WriteAsync(stream);
        return stream.ToArray();
    }
}
