using Mureka.Gateway.Tests.Limits;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>Delivered WAV files carry the loop, cues and tempo a game engine's importer reads.</summary>
[Collection(StackCollection.Name)]
public sealed class EngineReadyWavTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task LoopWithStems_MixAndStemsCarryTheLoopPointsCuesAndTempo()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "chiptune", bpm = 140, duration_ms = 8000, loop = true, stems = true, format = "wav" })).GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);

        var mix = WavTimeline.Read(await http.GetByteArrayAsync($"/v1/generations/{id}/audio"));
        var bass = WavTimeline.Read(await http.GetByteArrayAsync($"/v1/generations/{id}/stems/bass"));

        var loopEnd = done.GetProperty("metadata").GetProperty("loop").GetProperty("end_frame").GetInt64();
        Assert.Equal(((uint)0, (uint)(loopEnd - 1), 0u, 0u), mix.Loop);
        Assert.Equal(140f, Assert.NotNull(mix.Acid).Tempo);
        Assert.Equal("Entry", mix.Cues[0].Label);
        Assert.Equal((uint)loopEnd, mix.Cues.Single(c => c.Label == "Exit").SampleOffset);
        Assert.Equal(mix.Cues, bass.Cues);
        Assert.Equal(mix.Loop, bass.Loop);
    }
}
