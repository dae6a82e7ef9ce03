using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;
using Mureka.Webhooks;

namespace Mureka.Sdk.Tests;

/// <summary>Paging, dependency injection and webhook verification, against a live gateway where one is involved.</summary>
[Collection(StackCollection.Name)]
public sealed class MurekaClientExtrasTests(StackFixture stack) : SdkTestBase(stack)
{
    private const string Secret = "whsec_Qm9vZ2llV29vZ2llQm9vZ2llV29vZ2llQm9vZ2llV28";

    [Fact]
    public async Task ListAllAsync_SmallPages_YieldsEveryGenerationOnceNewestFirst()
    {
        using var client = CreateClient();
        var made = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            made.Add((await client.CreateAsync(new GenerationRequest { Genre = "chiptune", DurationMs = 1000, Seed = 200 + i })).Id);
        }

        var seen = new List<Guid>();
        await foreach (var generation in client.ListAllAsync(pageSize: 2))
        {
            seen.Add(generation.Id);
        }

        var jazz = new List<Guid>();
        await foreach (var generation in client.ListAllAsync(pageSize: 2, genre: "jazz"))
        {
            jazz.Add(generation.Id);
        }

        Assert.Equal(Enumerable.Reverse(made), seen);
        Assert.Empty(jazz);
    }

    [Fact]
    public async Task ListAllAsync_CatalogueQuery_TitleLabelsTempoAndSort()
    {
        using var client = CreateClient();
        var project = $"p-{Guid.NewGuid():N}"[..20];
        var slow = await client.CreateAsync(new GenerationRequest { Genre = "jazz", DurationMs = 1000, Bpm = 80, Title = "Slow Harbour", Labels = new Labels { ["project"] = project } });
        var fast = await client.CreateAsync(new GenerationRequest { Genre = "jazz", DurationMs = 1000, Bpm = 160, Title = "Fast Harbour", Labels = new Labels { ["project"] = project } });
        await client.CreateAsync(new GenerationRequest { Genre = "jazz", DurationMs = 1000, Bpm = 120, Title = "Unlabelled Harbour" });

        var byTempo = new List<Guid>();
        await foreach (var generation in client.ListAllAsync(new GenerationQuery { Labels = new Dictionary<string, string> { ["project"] = project }, Q = "harbour", Sort = "-bpm" }, pageSize: 1))
        {
            byTempo.Add(generation.Id);
        }

        var slowOnly = new List<string?>();
        await foreach (var generation in client.ListAllAsync(new GenerationQuery { Labels = new Dictionary<string, string> { ["project"] = project }, MaxBpm = 100 }))
        {
            slowOnly.Add(generation.Title);
        }

        Assert.Equal([fast.Id, slow.Id], byTempo);
        Assert.Equal(["Slow Harbour"], slowOnly);
        Assert.Equal(project, slow.Labels["project"]);
    }

    [Fact]
    public async Task EstimateAsync_QuotesWhatTheCreateRepeats_AndRefusesWhatItWouldRefuse()
    {
        using var client = CreateClient();

        var estimate = await client.EstimateAsync(new GenerationRequest { Genre = "jazz", DurationMs = 2000 });
        var created = await client.CreateAsync(new GenerationRequest { Genre = "jazz", DurationMs = 2000 });
        var refused = await Assert.ThrowsAsync<MurekaProblemException>(() => client.EstimateAsync(new GenerationRequest()));

        Assert.Equal(2.0, estimate.BillableSeconds);
        Assert.Equal(estimate.BillableSeconds, created.BillableSeconds);
        Assert.Equal(400, refused.Status);
    }

    [Fact]
    public async Task ExtendWaitAndDownloadAsync_TheJoinedTrack_LinkedAndBilledForWhatItAdds()
    {
        using var client = CreateClient();
        var path = Path.Combine(Path.GetTempPath(), $"mureka-sdk-extend-{Guid.NewGuid():N}.wav");
        try
        {
            var parent = await client.CreateWaitAndDownloadAsync(new GenerationRequest { Genre = "jazz", DurationMs = 4000, Seed = 310 }, path);

            var extended = await client.ExtendWaitAndDownloadAsync(parent.Id, new ExtendRequest { DurationMs = 3000 }, path);
            var refused = await Assert.ThrowsAsync<MurekaProblemException>(() => client.ExtendAsync(parent.Id, new ExtendRequest { DurationMs = 500 }));

            Assert.Equal(parent.Id, extended.ParentId);
            Assert.Equal(7000, extended.Resolved.DurationMs);
            Assert.Equal(3.0, extended.RenderedSeconds);
            Assert.Contains(extended.Audio, a => a.Name == "continuation");
            Assert.Equal(7L * 44_100 * 4, Mureka.Testing.Wav.Parse(await File.ReadAllBytesAsync(path)).DataBytes);
            Assert.Equal(400, refused.Status);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task CreateVariationsAsync_DistinctSeedsInOneBatch_ListedByIt()
    {
        using var client = CreateClient();

        var batch = await client.CreateVariationsAsync(new GenerationRequest { Genre = "ambient", DurationMs = 2000, Seed = 300 }, 2);
        var listed = new List<Guid>();
        await foreach (var generation in client.ListAllAsync(new GenerationQuery { BatchId = batch.BatchId, Sort = "created_at" }))
        {
            listed.Add(generation.Id);
        }

        var refused = await Assert.ThrowsAsync<MurekaProblemException>(() => client.CreateVariationsAsync(new GenerationRequest { Genre = "ambient" }, 5));

        Assert.Equal([300L, 301L], batch.Generations.Select(g => g.Resolved.Seed));
        Assert.All(batch.Generations, g => Assert.Equal(batch.BatchId, g.BatchId));
        Assert.Equal(batch.Generations.Select(g => g.Id), listed);
        Assert.Equal(400, refused.Status);
    }

    [Fact]
    public async Task AddMurekaClient_ResolvesAWorkingClient_AndRefusesMissingSettings()
    {
        var services = new ServiceCollection();
        services.AddMurekaClient(o =>
        {
            o.BaseUrl = new Uri(Gateway.RestUrl);
            o.ApiKey = ApiKey;
        });
        await using var provider = services.BuildServiceProvider();
        var broken = new ServiceCollection();
        broken.AddMurekaClient(o => o.BaseUrl = new Uri(Gateway.RestUrl));
        await using var brokenProvider = broken.BuildServiceProvider();

        var client = provider.GetRequiredService<MurekaClient>();
        var models = await client.Api.ListModelsAsync();

        Assert.NotEmpty(models.Data);
        var refused = Assert.Throws<OptionsValidationException>(() => brokenProvider.GetRequiredService<MurekaClient>());
        Assert.Contains("ApiKey", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConstructEvent_SignedBody_ReadsTheEvent_AnythingElseThrows()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"id":"evt_1","type":"generation.failed","created_at":"2026-12-07T08:00:00Z","livemode":true,
             "data":{"generation":{"id":"5b0c6a36-8f55-4b1e-9d6a-2f1f0d3f6c11","status":"failed","livemode":true,"created_at":"2026-12-07T08:00:00Z","audio":[],
               "resolved":{"model":"mureka-compose-1","prompt":"","genre":"jazz","mood":"calm","bpm":90,"key":"C major","time_signature":"4/4",
               "duration_ms":2000,"instruments":[],"intensity":2,"seed":1,"format":"wav","sample_rate":44100,"bit_depth":16,"stems":false,"loop":false,"interpretation":[]}}}}
            """);
        var header = WebhookSignature.Sign(Secret, body, DateTimeOffset.UtcNow);
        var tampered = (byte[])body.Clone();
        tampered[^5] ^= 1;

        var received = MurekaWebhooks.ConstructEvent(body, header, Secret);

        Assert.Equal("evt_1", received.Id);
        Assert.Equal("generation.failed", received.Type);
        Assert.Equal(GenerationStatus.Failed, received.Data.Generation?.Status);
        Assert.Throws<MurekaWebhookSignatureException>(() => MurekaWebhooks.ConstructEvent(tampered, header, Secret));
        Assert.Throws<MurekaWebhookSignatureException>(() => MurekaWebhooks.ConstructEvent(body, header, "whsec_other"));
        Assert.Throws<MurekaWebhookSignatureException>(() => MurekaWebhooks.ConstructEvent(body, null, Secret));
        Assert.Throws<MurekaWebhookSignatureException>(() => MurekaWebhooks.ConstructEvent(body, WebhookSignature.Sign(Secret, body, DateTimeOffset.UtcNow.AddMinutes(-6)), Secret));
    }
}
