using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;

namespace Mureka.Engine.Tests.Engine;

/// <summary>Intensity layers a game engine stacks or crossfades: a part sounds the same in every layer it plays in.</summary>
[Collection(EngineCollection.Name)]
public sealed class MurekaEngineLayerTests(SharedEngine shared)
{
    [Theory]
    [InlineData("house")]
    [InlineData("epic-trailer")]
    [InlineData("lofi-hip-hop")]
    public async Task RenderLayers_StemsWithTheSameParts_IdenticalAcrossLayers(string genre)
    {
        // Arrange
        var request = SpecResolver.Resolve(new MusicSpec { Genre = genre, DurationMs = 10_000, Seed = 21 });

        // Act
        var layers = await shared.Engine.RenderLayersAsync(request);

        // Assert
        Assert.Equal([1, 2, 3], layers.Select(l => l.Request.Intensity));
        var full = layers[^1];
        var compared = 0;
        foreach (var layer in layers.Take(2))
        {
            foreach (var stem in Enum.GetValues<StemKind>())
            {
                var parts = PartsOf(layer.Score, stem);
                if (parts.Length == 0 || !parts.SequenceEqual(PartsOf(full.Score, stem)))
                {
                    continue;
                }

                var level = LevelDb(layer.Audio.Stems[stem]) - LevelDb(full.Audio.Stems[stem]);
                Assert.True(Math.Abs(level) <= 0.1, $"{genre} {stem} at intensity {layer.Request.Intensity} is {level:F2} dB off the full layer");
                Assert.True(ResidualDb(layer.Audio.Stems[stem], full.Audio.Stems[stem]) <= -60, $"{genre} {stem} differs at intensity {layer.Request.Intensity}");
                compared++;
            }
        }

        Assert.True(compared >= 2, $"only {compared} shared stems to compare");
    }

    [Fact]
    public async Task RenderLayers_Layers_AreNestedAndOnlyTheFullOneIsBroughtToTheTarget()
    {
        // Arrange
        var request = SpecResolver.Resolve(new MusicSpec { Genre = "cinematic-orchestral", DurationMs = 10_000, Seed = 4 });

        // Act
        var layers = await shared.Engine.RenderLayersAsync(request);

        // Assert
        for (var i = 0; i + 1 < layers.Count; i++)
        {
            var names = layers[i].Score.Tracks.Select(t => t.Name).ToHashSet();
            Assert.Subset(layers[i + 1].Score.Tracks.Select(t => t.Name).ToHashSet(), names);
            Assert.True(layers[i].Metadata.IntegratedLufs <= layers[i + 1].Metadata.IntegratedLufs + 0.01);
            Assert.Equal(layers[^1].Audio.Mix.Frames, layers[i].Audio.Mix.Frames);
        }

        Assert.InRange(layers[^1].Metadata.IntegratedLufs, -15, -13);
        Assert.All(layers, l => Assert.True(l.Metadata.TruePeakDbtp <= -1, $"true peak {l.Metadata.TruePeakDbtp}"));
    }

    private static string[] PartsOf(Score score, StemKind stem) => [.. score.Tracks.Where(t => t.Stem == stem).Select(t => t.Name).Order()];

    private static double LevelDb(AudioBuffer audio) => 10 * Math.Log10(Power(audio) + 1e-30);

    private static double ResidualDb(AudioBuffer a, AudioBuffer b)
    {
        var difference = new AudioBuffer(a.SampleRate, [.. a.Left.Zip(b.Left, (x, y) => x - y)], [.. a.Right.Zip(b.Right, (x, y) => x - y)]);
        return 10 * Math.Log10((Power(difference) + 1e-30) / (Power(b) + 1e-30));
    }

    private static double Power(AudioBuffer audio) =>
        (Math.Pow(AudioFiles.Rms(audio.Left), 2) + Math.Pow(AudioFiles.Rms(audio.Right), 2)) / 2;
}
