using Mureka.Testing;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Data;
using Mureka.Gateway.Storage;
using Mureka.Gateway.Tests.Support;
using Xunit.Abstractions;

namespace Mureka.Gateway.Tests.Generations;

[Collection(StackCollection.Name)]
public sealed class GrpcGenerationTests(StackFixture stack, ITestOutputHelper output) : GatewayTestBase(stack)
{
    private GatedAudioStore Store => (GatedAudioStore)Gateway.Services.GetRequiredService<IAudioStore>();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IAudioStore, GatedAudioStore>();

    private static GenerationSpec Short(long seed = 3) => new() { Genre = "lofi-hip-hop", DurationMs = 2000, Seed = seed, Format = "wav" };

    [Fact]
    public async Task CreateGeneration_PollThenDownload_ReturnsDecodableWav()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        var auth = GatewayInstance.Auth(key);

        var created = await Gateway.Grpc.CreateGenerationAsync(new CreateGenerationRequest { Spec = Short() }, auth);
        Assert.Equal(GenerationStatus.Queued, created.Generation.Status);
        Assert.Equal("lofi-hip-hop", created.Generation.Resolved.Genre);

        var done = await Poll.UntilAsync(
            async () => (await Gateway.Grpc.GetGenerationAsync(new GetGenerationRequest { Id = created.Generation.Id }, auth)).Generation,
            g => g.Status is GenerationStatus.Succeeded or GenerationStatus.Failed, RenderTimeout, "gRPC generation finishing");
        Assert.Equal(GenerationStatus.Succeeded, done.Status);
        var mix = done.Audio.Single(a => a.Name == "mix");

        using var http = Gateway.Http(key);
        var bytes = await http.GetByteArrayAsync(mix.Url);
        Assert.Equal(mix.SizeBytes, bytes.Length);
        Assert.InRange(Wav.Parse(bytes).Duration.TotalMilliseconds, 1900, 2100);
        Assert.False(string.IsNullOrEmpty(done.MetadataJson));
    }

    [Fact]
    public async Task StreamGeneration_WhileRendering_AudioArrivesBeforeCompletedAndBeforeSucceeded()
    {
        var (tenant, key, _) = await Gateway.CreateTenantAsync();
        var auth = GatewayInstance.Auth(key);
        Store.Close();
        var created = await Gateway.Grpc.CreateGenerationAsync(new CreateGenerationRequest { Spec = Short(11) }, auth);
        var id = Guid.Parse(created.Generation.Id);

        using var call = Gateway.Grpc.StreamGeneration(new StreamGenerationRequest { Id = created.Generation.Id }, auth);
        var audio = new MemoryStream();
        string? statusAtLastChunk = null;
        Generation? completed = null;
        var progressSeen = false;
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            switch (message.EventCase)
            {
                case StreamGenerationResponse.EventOneofCase.Progress:
                    progressSeen = true;
                    break;
                case StreamGenerationResponse.EventOneofCase.Audio:
                    Assert.Null(completed);
                    Assert.Equal(audio.Length, message.Audio.Offset);
                    message.Audio.Data.WriteTo(audio);
                    if (message.Audio.Last)
                    {
                        // The mix is fully streamed but cannot be committed until the gate opens.
                        statusAtLastChunk = (await Gateway.Repository.GetAsync(tenant, id, CancellationToken.None))!.Status;
                        Store.Open();
                    }

                    break;
                case StreamGenerationResponse.EventOneofCase.Completed:
                    completed = message.Completed;
                    break;
            }
        }

        Assert.True(progressSeen);
        Assert.Equal(GenerationStatuses.Running, statusAtLastChunk);
        Assert.NotNull(completed);
        Assert.Equal(GenerationStatus.Succeeded, completed.Status);
        Assert.Equal(completed.Audio.Single(a => a.Name == "mix").SizeBytes, audio.Length);
        Wav.Parse(audio.ToArray());
    }

    [Fact]
    public async Task StreamGeneration_OpenedRightAfterCreate_LongTrackReportsEveryStageFromComposingToEncoding()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        var auth = GatewayInstance.Auth(key);
        var spec = new GenerationSpec { Genre = "lofi-hip-hop", DurationMs = 90_000, Seed = 21, Format = "wav" };
        var created = await Gateway.Grpc.CreateGenerationAsync(new CreateGenerationRequest { Spec = spec }, auth);
        var started = TimeProvider.System.GetTimestamp();

        using var call = Gateway.Grpc.StreamGeneration(new StreamGenerationRequest { Id = created.Generation.Id }, auth);
        var progress = new List<GenerationProgress>();
        TimeSpan? firstAfter = null;
        TimeSpan? firstStageAfter = null;
        Generation? completed = null;
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            if (message.EventCase == StreamGenerationResponse.EventOneofCase.Progress)
            {
                progress.Add(message.Progress);
                firstAfter ??= TimeProvider.System.GetElapsedTime(started);
                firstStageAfter ??= message.Progress.Stage == "composing" ? TimeProvider.System.GetElapsedTime(started) : null;
            }

            completed = message.Completed ?? completed;
        }

        // The row's status comes first; then every stage the host went through, in order, none left out.
        Assert.Equal(GenerationStatus.Succeeded, completed?.Status);
        Assert.Contains(progress[0].Status, new[] { GenerationStatus.Queued, GenerationStatus.Running });
        var stages = progress.Where(p => p.Stage is not ("queued" or "running")).Select(p => p.Stage).Distinct();
        Assert.Equal(["composing", "arranging", "rendering", "mastering", "encoding"], stages);
        output.WriteLine($"created to first progress: {firstAfter?.TotalMilliseconds:F0} ms, to composing: {firstStageAfter?.TotalMilliseconds:F0} ms; {progress.Count} progress messages");
    }

    [Fact]
    public async Task StreamGeneration_AlreadyFinished_StreamsStoredAudio()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        var auth = GatewayInstance.Auth(key);
        var created = await Gateway.Grpc.CreateGenerationAsync(new CreateGenerationRequest { Spec = Short(5) }, auth);
        await Poll.UntilAsync(
            async () => (await Gateway.Grpc.GetGenerationAsync(new GetGenerationRequest { Id = created.Generation.Id }, auth)).Generation.Status,
            s => s is GenerationStatus.Succeeded or GenerationStatus.Failed, RenderTimeout, "generation finishing");

        using var call = Gateway.Grpc.StreamGeneration(new StreamGenerationRequest { Id = created.Generation.Id }, auth);
        var messages = new List<StreamGenerationResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            messages.Add(message);
        }

        var bytes = messages.Where(m => m.Audio is not null).SelectMany(m => m.Audio.Data.ToByteArray()).ToArray();
        Assert.Equal(StreamGenerationResponse.EventOneofCase.Completed, messages[^1].EventCase);
        Assert.Equal(messages[^1].Completed.Audio.Single(a => a.Name == "mix").SizeBytes, bytes.Length);
        Wav.Parse(bytes);
    }

    [Fact]
    public async Task CreateGeneration_InvalidFields_InvalidArgumentWithFieldViolations()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();

        var e = await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.CreateGenerationAsync(
            new CreateGenerationRequest { Spec = new GenerationSpec { Bpm = 10, TimeSignature = "7/8" } }, GatewayInstance.Auth(key)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("bpm", e.Status.Detail, StringComparison.Ordinal);
        var details = e.Trailers.GetValueBytes("grpc-status-details-bin");
        Assert.NotNull(details);
        var fields = StatusDetails.FieldViolations(details);
        Assert.Contains("bpm", fields);
        Assert.Contains("time_signature", fields);
        Assert.Contains("prompt", fields);
    }

    [Fact]
    public async Task GetGeneration_OtherTenantsId_NotFound()
    {
        var (_, ownerKey, _) = await Gateway.CreateTenantAsync();
        var (_, otherKey, _) = await Gateway.CreateTenantAsync();
        var created = await Gateway.Grpc.CreateGenerationAsync(new CreateGenerationRequest { Spec = Short() }, GatewayInstance.Auth(ownerKey));

        var foreign = await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.GetGenerationAsync(new GetGenerationRequest { Id = created.Generation.Id }, GatewayInstance.Auth(otherKey)).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.GetGenerationAsync(new GetGenerationRequest { Id = Guid.NewGuid().ToString() }, GatewayInstance.Auth(otherKey)).ResponseAsync);
        var cancel = await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.CancelGenerationAsync(new CancelGenerationRequest { Id = created.Generation.Id }, GatewayInstance.Auth(otherKey)).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(StatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(missing.Status.Detail, foreign.Status.Detail);
    }
}

/// <summary>Reads field names out of a google.rpc.Status → BadRequest detail without the common-protos package.</summary>
internal static class StatusDetails
{
    public static List<string> FieldViolations(byte[] status)
    {
        var fields = new List<string>();
        foreach (var any in Read(status).Where(f => f.Number == 3))
        {
            var value = Read(any.Bytes).Single(f => f.Number == 2).Bytes;
            foreach (var violation in Read(value).Where(f => f.Number == 1))
            {
                fields.Add(System.Text.Encoding.UTF8.GetString(Read(violation.Bytes).First(f => f.Number == 1).Bytes));
            }
        }

        return fields;
    }

    private static List<(int Number, byte[] Bytes)> Read(byte[] data)
    {
        var result = new List<(int, byte[])>();
        var input = new CodedInputStream(data);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                result.Add((number, input.ReadBytes().ToByteArray()));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return result;
    }
}
