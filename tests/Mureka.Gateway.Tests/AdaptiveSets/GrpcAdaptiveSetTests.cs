using System.IO.Compression;
using Grpc.Core;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Tests.Generations;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.AdaptiveSets;

/// <summary>mureka.api.v1.AdaptiveSets: the REST operations over gRPC, on the real stack.</summary>
[Collection(StackCollection.Name)]
public sealed class GrpcAdaptiveSetTests(StackFixture stack) : GatewayTestBase(stack)
{
    private static AdaptiveSetSpec Small() => new()
    {
        Genre = "chiptune",
        Bpm = 180,
        Bars = 4,
        Layers = 1,
        Seed = 5,
        States = { new AdaptiveStateSpec { Name = "calm" }, new AdaptiveStateSpec { Name = "chase", Mood = "epic" } },
        Transitions = new AdaptiveTransitionList { Items = { new AdaptiveTransitionSpec { From = "calm", To = "chase" } } },
        Stingers = new AdaptiveStingerList { Kinds = { "victory" } },
    };

    [Fact]
    public async Task EstimateCreatePollDownload_BillsTheEstimate_AndStreamsTheZip()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        var auth = GatewayInstance.Auth(key);
        var client = Gateway.AdaptiveSetsGrpc;

        var estimate = await client.EstimateAdaptiveSetAsync(new EstimateAdaptiveSetRequest { Spec = Small() }, auth);
        var created = await client.CreateAdaptiveSetAsync(new CreateAdaptiveSetRequest { Spec = Small() }, auth);
        var done = await Poll.UntilAsync(
            async () => (await client.GetAdaptiveSetAsync(new GetAdaptiveSetRequest { Id = created.AdaptiveSet.Id }, auth)).AdaptiveSet,
            s => s.Status is GenerationStatus.Succeeded or GenerationStatus.Failed or GenerationStatus.Canceled, RenderTimeout, "gRPC adaptive set finishing");
        using var call = client.DownloadAdaptiveSetArchive(new DownloadAdaptiveSetArchiveRequest { Id = created.AdaptiveSet.Id }, auth);
        var zipBytes = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            Assert.Equal(zipBytes.Length, chunk.Offset);
            chunk.Data.WriteTo(zipBytes);
        }

        Assert.Equal(["calm", "chase"], estimate.Set.States.Select(s => s.Name));
        Assert.Single(estimate.Set.Transitions);
        Assert.Single(estimate.Set.Stingers);
        Assert.Equal(GenerationStatus.Queued, created.AdaptiveSet.Status);
        Assert.Equal(GenerationStatus.Succeeded, done.Status);
        Assert.Equal(estimate.BillableSeconds, done.RenderedSeconds);
        Assert.Equal(done.Archive.SizeBytes, zipBytes.Length);
        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);
        Assert.Contains(zip.Entries, e => e.FullName == "set.json");
        Assert.Contains(zip.Entries, e => e.FullName == "transitions/calm_to_chase.wav");
    }

    [Fact]
    public async Task Estimate_TransitionsSetAndEmpty_RendersNone_StingersUnset_RendersAll()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        var spec = Small();
        spec.Transitions = new AdaptiveTransitionList();
        spec.Stingers = null;

        var estimate = await Gateway.AdaptiveSetsGrpc.EstimateAdaptiveSetAsync(new EstimateAdaptiveSetRequest { Spec = spec }, GatewayInstance.Auth(key));

        Assert.Empty(estimate.Set.Transitions);
        Assert.Equal(3, estimate.Set.Stingers.Count);
    }

    [Fact]
    public async Task InvalidFields_InvalidArgumentNamingEach_AndUnknownIds_NotFound()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        var auth = GatewayInstance.Auth(key);
        var spec = Small();
        spec.Layers = 7;
        spec.States[1].Bars = 6;

        var invalid = await Assert.ThrowsAsync<RpcException>(() => Gateway.AdaptiveSetsGrpc.CreateAdaptiveSetAsync(new CreateAdaptiveSetRequest { Spec = spec }, auth).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Gateway.AdaptiveSetsGrpc.GetAdaptiveSetAsync(new GetAdaptiveSetRequest { Id = "not-an-id\u0000" }, auth).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Gateway.AdaptiveSetsGrpc.CancelAdaptiveSetAsync(new CancelAdaptiveSetRequest { Id = Guid.NewGuid().ToString() }, auth).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        var fields = StatusDetails.FieldViolations(invalid.Trailers.GetValueBytes("grpc-status-details-bin")!);
        Assert.Contains("layers", fields);
        Assert.Contains("states[1].bars", fields);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }
}
