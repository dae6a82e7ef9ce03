using Mureka.Testing;
using System.Security.Cryptography;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Mureka.Contracts.Inference.V1;
using Mureka.Inference.Host.Generation.Internal;
using Mureka.Inference.Host.Tests.Support;
using Xunit.Abstractions;

namespace Mureka.Inference.Host.Tests.Generation;

[Collection(HostCollection.Name)]
public sealed class InferenceHostServiceTests(HostFixture host, ITestOutputHelper output)
{
    [Fact]
    public async Task GetInfo_AfterWarmup_ReturnsModelAndCapacity()
    {
        // Act
        var info = await host.Client.GetInfoAsync(new GetInfoRequest());

        // Assert
        Assert.Equal("test-host", info.HostId);
        var model = Assert.Single(info.Models);
        Assert.Equal("mureka-compose-1", model.Id);
        Assert.False(string.IsNullOrEmpty(model.Version));
        Assert.Contains("lofi-hip-hop", model.Genres);
        Assert.Equal(HostFixture.MaxBatchSize, info.MaxBatchSize);
        Assert.Equal(HostFixture.Capacity, info.Capacity);
        Assert.Equal("CPU", info.ExecutionProvider);
        Assert.True(info.Ready);
        output.WriteLine($"host start to SERVING: {host.StartupTime.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Warmup_CalledAgain_ReturnsReadyAtOnce()
    {
        // Act
        var response = await host.Client.WarmupAsync(new WarmupRequest(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30));

        // Assert
        Assert.True(response.Ready);
        Assert.True(response.Took.ToTimeSpan() > TimeSpan.Zero);
        output.WriteLine($"warm-up took {response.Took.ToTimeSpan().TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Generate_ThreeItemsOneWithStems_StreamsProgressChunksAndResults()
    {
        // Arrange
        var request = Specs.Batch(
            Specs.NewBatchId(),
            ("a", Specs.Track(durationMs: 4_000, seed: 11)),
            ("b", Specs.Track(durationMs: 3_000, seed: 12, genre: "lofi-hip-hop", stems: true)),
            ("c", Specs.Track(durationMs: 2_000, seed: 13, genre: "chiptune")));

        // Act
        using var call = host.Client.Generate(request);
        var transcript = await Transcript.ReadAsync(call);

        // Assert
        foreach (var (id, spec) in request.Items.Select(i => (i.ItemId, i.Spec)))
        {
            var progress = transcript.Progress(id);
            Assert.NotEmpty(progress);
            Assert.True(progress.Count <= 5 * ((int)(1 / ItemRun.MinStep) + 1), $"{id}: {progress.Count} progress messages");
            Assert.Equal(["composing", "arranging", "rendering", "mastering", "encoding"], progress.Select(p => p.Stage).Distinct());

            var result = transcript.Result(id);
            Assert.NotNull(result);
            Assert.Null(transcript.Error(id));
            Assert.Equal(GenerateResponse.EventOneofCase.Result, transcript.For(id).Last().EventCase);
            Assert.Equal(spec.DurationMs, result.RenderedMs);

            using var metadata = JsonDocument.Parse(result.MetadataJson);
            Assert.Equal(spec.Seed, metadata.RootElement.GetProperty("seed").GetUInt64());

            var expectedObjects = spec.Stems ? new[] { "mix", "drums", "bass", "harmony", "melody" } : ["mix"];
            Assert.Equal(expectedObjects, result.Objects.Select(o => o.Object));
            foreach (var info in result.Objects)
            {
                var chunks = transcript.Chunks(id, info.Object);
                Assert.All(chunks, c => Assert.True(c.Data.Length <= 256 * 1024));
                Assert.Equal(chunks.Count - 1, chunks.FindLastIndexOrDefault());
                Assert.Equal("audio/wav", info.ContentType);
                var bytes = transcript.Bytes(id, info.Object);
                Assert.Equal(info.SizeBytes, bytes.Length);
                Assert.Equal(info.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
                var header = Wav.Parse(bytes);
                Assert.Equal((2, 44_100, 16), (header.Channels, header.SampleRate, header.BitsPerSample));
                Assert.Equal(spec.DurationMs * 44_100L / 1000 * 4, header.DataBytes);
            }
        }
    }

    [Fact]
    public async Task Generate_InvalidItem_EndsWithInvalidSpecWhileOthersSucceed()
    {
        // Arrange
        var bad = Specs.Track();
        bad.Genre = "polka-metal";
        bad.Bpm = 0;
        var request = Specs.Batch(Specs.NewBatchId(), ("good", Specs.Track(durationMs: 2_000)), ("bad", bad));

        // Act
        using var call = host.Client.Generate(request);
        var transcript = await Transcript.ReadAsync(call);

        // Assert
        var error = transcript.Error("bad");
        Assert.NotNull(error);
        Assert.Equal(ItemErrorCode.InvalidSpec, error.Code);
        Assert.Contains(error.Violations, v => v.Field == "genre" && v.Description.Contains("polka-metal", StringComparison.Ordinal));
        Assert.Contains(error.Violations, v => v.Field == "bpm");
        Assert.Null(transcript.Result("bad"));
        Assert.NotNull(transcript.Result("good"));
    }

    [Fact]
    public async Task CancelItem_LongItem_EndsCanceledQuicklyWhileOtherSucceeds()
    {
        // Arrange
        var batchId = Specs.NewBatchId();
        var request = Specs.Batch(batchId, ("long", Specs.Track(durationMs: 60_000, seed: 3)), ("short", Specs.Track(durationMs: 2_000, seed: 4)));
        using var call = host.Client.Generate(request);
        var canceledAt = TimeSpan.Zero;
        var cancelResponse = (CancelItemResponse?)null;
        var started = TimeProvider.System.GetTimestamp();

        // Act: cancel as soon as the long item shows any progress, i.e. while it is being worked on.
        var transcript = await Transcript.ReadAsync(call, message =>
        {
            if (cancelResponse is null && message.ItemId == "long" && message.EventCase == GenerateResponse.EventOneofCase.Progress)
            {
                canceledAt = TimeProvider.System.GetElapsedTime(started);
                cancelResponse = host.Client.CancelItem(new CancelItemRequest { BatchId = batchId, ItemId = "long" });
            }
        });

        // Assert
        Assert.NotNull(cancelResponse);
        Assert.True(cancelResponse.Canceled);
        var error = transcript.Error("long");
        Assert.NotNull(error);
        Assert.Equal(ItemErrorCode.Canceled, error.Code);
        Assert.Null(transcript.Result("long"));
        Assert.Empty(transcript.Chunks("long", "mix"));
        Assert.NotNull(transcript.Result("short"));
        var lag = transcript.EndedAt["long"] - canceledAt;
        output.WriteLine($"cancel → CANCELED took {lag.TotalMilliseconds:F0} ms");
        Assert.True(lag < TimeSpan.FromSeconds(2), $"CANCELED arrived {lag.TotalMilliseconds:F0} ms after CancelItem");

        var again = await host.Client.CancelItemAsync(new CancelItemRequest { BatchId = batchId, ItemId = "long" });
        Assert.False(again.Canceled);
    }

    [Fact]
    public async Task Generate_SameSpecAloneAndInBatchOfFour_GivesIdenticalMixBytes()
    {
        // Arrange
        var spec = Specs.Track(durationMs: 10_000, seed: 42, genre: "house");
        var batch = Specs.Batch(
            Specs.NewBatchId(),
            ("x1", Specs.Track(durationMs: 10_000, seed: 1, genre: "jazz")),
            ("target", spec),
            ("x2", Specs.Track(durationMs: 10_000, seed: 2, genre: "rock")),
            ("x3", Specs.Track(durationMs: 10_000, seed: 3, genre: "ambient")));

        // Act
        using var aloneCall = host.Client.Generate(Specs.Batch(Specs.NewBatchId(), ("target", spec)));
        var alone = await Transcript.ReadAsync(aloneCall);
        var started = TimeProvider.System.GetTimestamp();
        using var batchCall = host.Client.Generate(batch);
        var together = await Transcript.ReadAsync(batchCall);
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        // Assert
        Assert.All(batch.Items, i => Assert.NotNull(together.Result(i.ItemId)));
        Assert.Equal(alone.Bytes("target", "mix"), together.Bytes("target", "mix"));
        Assert.Equal(alone.Result("target")!.Objects[0].Sha256, together.Result("target")!.Objects[0].Sha256);
        output.WriteLine($"batch of 4 × 10 s WAV: {elapsed.TotalMilliseconds:F0} ms");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(HostFixture.MaxBatchSize + 1)]
    public async Task Generate_BadBatchSize_FailsInvalidArgument(int items)
    {
        // Arrange
        var request = Specs.Batch(Specs.NewBatchId(), Enumerable.Range(0, items).Select(i => ($"i{i}", Specs.Track())).ToArray());

        // Act
        using var call = host.Client.Generate(request);
        var ex = await Assert.ThrowsAsync<RpcException>(() => Transcript.ReadAsync(call));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }

    [Fact]
    public async Task Generate_DuplicateItemIds_FailsInvalidArgument()
    {
        // Arrange
        var request = Specs.Batch(Specs.NewBatchId(), ("same", Specs.Track()), ("same", Specs.Track()));

        // Act
        using var call = host.Client.Generate(request);
        var ex = await Assert.ThrowsAsync<RpcException>(() => Transcript.ReadAsync(call));

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("duplicate", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_OverCapacity_FailsResourceExhausted()
    {
        // Arrange: one call holds 5 of the 8 slots while a second asks for 5 more.
        var batchId = Specs.NewBatchId();
        var first = Specs.Batch(batchId, Enumerable.Range(0, 5).Select(i => ($"i{i}", Specs.Track(durationMs: 60_000, seed: (ulong)i))).ToArray());
        using var holding = host.Client.Generate(first);
        Assert.True(await holding.ResponseStream.MoveNext(CancellationToken.None));

        // Act
        using var second = host.Client.Generate(Specs.Batch(Specs.NewBatchId(), Enumerable.Range(0, 5).Select(i => ($"j{i}", Specs.Track())).ToArray()));
        var ex = await Assert.ThrowsAsync<RpcException>(() => Transcript.ReadAsync(second));

        // Assert
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        foreach (var i in Enumerable.Range(0, 5))
        {
            await host.Client.CancelItemAsync(new CancelItemRequest { BatchId = batchId, ItemId = $"i{i}" });
        }

        var rest = await Transcript.ReadAsync(holding);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(ItemErrorCode.Canceled, rest.Error($"i{i}")?.Code));
    }

    [Fact]
    public async Task Generate_ClientDeadlineExceeded_EndsCallAndHostStaysHealthy()
    {
        // Arrange
        var request = Specs.Batch(Specs.NewBatchId(), ("long", Specs.Track(durationMs: 60_000, seed: 5)), ("long2", Specs.Track(durationMs: 60_000, seed: 6)));

        // Act
        using var call = host.Client.Generate(request, deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddMilliseconds(400));
        var ex = await Assert.ThrowsAsync<RpcException>(() => Transcript.ReadAsync(call));

        // Assert
        Assert.Contains(ex.StatusCode, new[] { StatusCode.DeadlineExceeded, StatusCode.Cancelled });
        var health = await host.Health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        using var next = host.Client.Generate(Specs.Batch(Specs.NewBatchId(), ("after", Specs.Track(durationMs: 1_000))));
        Assert.NotNull((await Transcript.ReadAsync(next)).Result("after"));
    }
}

internal static class ChunkListExtensions
{
    /// <summary>Index of the chunk flagged last; checks offsets run contiguously on the way.</summary>
    public static int FindLastIndexOrDefault(this IReadOnlyList<AudioChunk> chunks)
    {
        long offset = 0;
        var last = -1;
        for (var i = 0; i < chunks.Count; i++)
        {
            Assert.Equal(offset, chunks[i].Offset);
            offset += chunks[i].Data.Length;
            if (chunks[i].Last)
            {
                last = i;
            }
        }

        return last;
    }
}
