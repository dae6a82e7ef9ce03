using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Storage;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>A subscriber that arrives after the replay buffer overflowed still receives the whole mix, in order.</summary>
[Collection(StackCollection.Name)]
public sealed class StreamReplayLimitTests(StackFixture stack) : GatewayTestBase(stack)
{
    private GatedAudioStore Store => (GatedAudioStore)Gateway.Services.GetRequiredService<IAudioStore>();

    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:StreamReplayLimitBytes"] = "4096";

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IAudioStore, GatedAudioStore>();

    [Fact]
    public async Task StreamGeneration_LateSubscriberPastReplayLimit_GetsEveryByteOnce()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        var auth = GatewayInstance.Auth(key);
        Store.Close();
        var created = await Gateway.Grpc.CreateGenerationAsync(
            new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "lofi-hip-hop", DurationMs = 3000, Seed = 21, Format = "wav" } }, auth);
        var id = Guid.Parse(created.Generation.Id);

        // The mix is written (and published) up to the gate; everything past 4 KiB is gone from the replay buffer.
        await Poll.UntilAsync(() => Task.FromResult(Store.MixWaiting), waiting => waiting, RenderTimeout, "the mix waiting at the gate");
        using var call = Gateway.Grpc.StreamGeneration(new StreamGenerationRequest { Id = created.Generation.Id }, auth);
        var audio = new MemoryStream();
        Generation? completed = null;
        var first = true;
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            if (first)
            {
                first = false;
                Assert.Equal("running", (await Gateway.Repository.GetAsync(tenant, id, CancellationToken.None))!.Status);
                Store.Open();
            }

            if (message.EventCase == StreamGenerationResponse.EventOneofCase.Audio)
            {
                Assert.Equal(audio.Length, message.Audio.Offset);
                message.Audio.Data.WriteTo(audio);
            }
            else if (message.EventCase == StreamGenerationResponse.EventOneofCase.Completed)
            {
                completed = message.Completed;
            }
        }

        Assert.NotNull(completed);
        using var http = Gateway.Http(key);
        var stored = await http.GetByteArrayAsync(completed.Audio.Single(a => a.Name == "mix").Url);
        Assert.True(stored.Length > 4096 * 4, "the mix is too small to overflow the replay buffer");
        Assert.Equal(stored, audio.ToArray());
        Wav.Parse(audio.ToArray());
    }
}
