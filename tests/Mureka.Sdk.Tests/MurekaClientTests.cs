using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Sdk.Tests;

/// <summary>The C# SDK against a live gateway.</summary>
[Collection(StackCollection.Name)]
public sealed class MurekaClientTests(StackFixture stack) : SdkTestBase(stack)
{
    [Fact]
    public async Task CreateWaitAndDownloadAsync_ShortTrack_WritesWholeWavOfRequestedLength()
    {
        using var client = CreateClient();
        using var audio = new MemoryStream();
        var progress = new RecordingProgress();

        var generation = await client.CreateWaitAndDownloadAsync(
            new GenerationRequest { Prompt = "calm lo-fi with piano", DurationMs = 3000, Format = "wav", Seed = 7 }, audio, progress);

        Assert.Equal(GenerationStatus.Succeeded, generation.Status);
        Assert.Equal(3000, generation.Resolved.DurationMs);
        Assert.Equal(7L, generation.Resolved.Seed);
        var wav = Wav.Parse(audio.ToArray());
        Assert.Equal(generation.Resolved.SampleRate, wav.SampleRate);
        Assert.Equal(3000, wav.Duration.TotalMilliseconds, 1.0);
        Assert.Equal(audio.Length, generation.Audio.Single(a => a.Name == "mix").SizeBytes);
        Assert.Equal(GenerationStage.Queued, progress.Values[0].Stage);
        Assert.Equal(GenerationStage.Done, progress.Values[^1].Stage);
        Assert.Equal(1.0, progress.Values[^1].Fraction);
        Assert.Contains(progress.Values, p => p.Stage == GenerationStage.Downloading && p.BytesDownloaded == audio.Length);
    }

    [Fact]
    public async Task CreateWaitAndDownloadAsync_ToPath_ReplacesTheFileOnlyWhenComplete()
    {
        using var client = CreateClient();
        var directory = Directory.CreateTempSubdirectory("mureka-sdk-");
        try
        {
            var path = Path.Combine(directory.FullName, "track.wav");
            await File.WriteAllTextAsync(path, "previous");

            await Assert.ThrowsAsync<MurekaProblemException>(() =>
                client.CreateWaitAndDownloadAsync(new GenerationRequest { Bpm = 500 }, path));
            Assert.Equal("previous", await File.ReadAllTextAsync(path));

            await client.CreateWaitAndDownloadAsync(new GenerationRequest { Genre = "chiptune", DurationMs = 2000 }, path);
            Assert.Equal(2000, Wav.Parse(await File.ReadAllBytesAsync(path)).Duration.TotalMilliseconds, 1.0);
            Assert.Equal(["track.wav"], directory.GetFiles().Select(f => f.Name));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CreateAsync_InvalidFields_ThrowsProblemNamingEachField()
    {
        using var client = CreateClient();

        var problem = await Assert.ThrowsAsync<MurekaProblemException>(() =>
            client.CreateAsync(new GenerationRequest { Bpm = 500, DurationMs = 10 }));

        Assert.Equal(400, problem.Status);
        Assert.False(string.IsNullOrEmpty(problem.Title));
        Assert.Contains("500", Assert.Single(problem.Errors["bpm"]), StringComparison.Ordinal);
        Assert.NotEmpty(problem.Errors["duration_ms"]);
        Assert.NotEmpty(problem.Errors["prompt"]);
        Assert.Contains("bpm", problem.Message, StringComparison.Ordinal);
        Assert.Matches("^req_[0-9a-f]{32}$", problem.RequestId);
    }

    [Fact]
    public async Task WaitAsync_WhileRendering_ReportsTheHostsRenderProgress()
    {
        using var client = CreateClient();
        var progress = new RecordingProgress();
        var created = await client.CreateAsync(new GenerationRequest { Genre = "house", DurationMs = 12_000, Format = "wav", Seed = 11 });

        var generation = await client.WaitAsync(created.Id, progress);

        Assert.Equal(GenerationStatus.Succeeded, generation.Status);
        var running = progress.Values.Where(p => p.Stage == GenerationStage.Running).ToList();
        Assert.Contains(running, p => p.RenderFraction is > 0 and < 1 && !string.IsNullOrEmpty(p.RenderStep));
        Assert.Equal(running.Select(p => p.Fraction).Order(), running.Select(p => p.Fraction));
        Assert.All(running, p => Assert.InRange(p.Fraction, 0.1, 0.9));
    }

    [Fact]
    public async Task StreamEventsAsync_FinishedGeneration_OnlyTheFinalEventWithTheGeneration()
    {
        using var client = CreateClient();
        var created = await client.CreateAsync(new GenerationRequest { Genre = "ambient", DurationMs = 2000, Format = "wav" });
        await client.WaitAsync(created.Id);

        var events = new List<GenerationEvent>();
        await foreach (var update in client.StreamEventsAsync(created.Id))
        {
            events.Add(update);
        }

        var only = Assert.Single(events);
        Assert.Equal("succeeded", only.Type);
        Assert.Equal(created.Id, only.Generation?.Id);
        Assert.Equal(GenerationStatus.Succeeded, only.Generation?.Status);
    }

    [Fact]
    public async Task StreamEventsAsync_UnknownId_ThrowsNotFoundProblem()
    {
        using var client = CreateClient();

        var problem = await Assert.ThrowsAsync<MurekaProblemException>(async () =>
        {
            await foreach (var update in client.StreamEventsAsync(Guid.NewGuid()))
            {
                Assert.Fail($"an event for an unknown id: {update}");
            }
        });

        Assert.Equal(404, problem.Status);
        Assert.Matches("^req_[0-9a-f]{32}$", problem.RequestId);
    }

    [Fact]
    public async Task WaitAsync_UnknownId_ThrowsNotFoundProblem()
    {
        using var client = CreateClient();

        var problem = await Assert.ThrowsAsync<MurekaProblemException>(() => client.WaitAsync(Guid.NewGuid()));

        Assert.Equal(404, problem.Status);
        Assert.False(string.IsNullOrEmpty(problem.Title));
        Assert.Empty(problem.Errors);
    }

    [Fact]
    public async Task CreateAsync_UnknownKey_ThrowsUnauthorizedProblem()
    {
        using var client = MurekaClient.Create(new Uri(Gateway.RestUrl), "mk_live_not_a_real_key");

        var problem = await Assert.ThrowsAsync<MurekaProblemException>(() => client.CreateAsync(new GenerationRequest { DurationMs = 2000 }));

        Assert.Equal(401, problem.Status);
    }

    [Fact]
    public async Task Api_ListAndModels_ReturnTypedPages()
    {
        using var client = CreateClient();
        var created = await client.CreateAsync(new GenerationRequest { Genre = "jazz", DurationMs = 2000 });

        var page = await client.Api.ListGenerationsAsync(limit: 10);
        var models = await client.Api.ListModelsAsync();

        Assert.Contains(page.Data, g => g.Id == created.Id && g.Resolved.Genre == "jazz");
        Assert.Contains(models.Data, m => m.Id == "mureka-compose-1" && m.Genres.Contains("jazz"));
    }

    private sealed class RecordingProgress : IProgress<GenerationProgress>
    {
        private readonly Lock _gate = new();
        private readonly List<GenerationProgress> _values = [];

        public IReadOnlyList<GenerationProgress> Values
        {
            get
            {
                lock (_gate)
                {
                    return [.. _values];
                }
            }
        }

        public void Report(GenerationProgress value)
        {
            lock (_gate)
            {
                _values.Add(value);
            }
        }
    }
}
