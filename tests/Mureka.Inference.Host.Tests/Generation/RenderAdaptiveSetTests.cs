using System.IO.Compression;
using System.Security.Cryptography;
using Mureka.Contracts.Inference.V1;
using Mureka.Inference.Host.Tests.Support;
using Mureka.Spec.Adaptive;

namespace Mureka.Inference.Host.Tests.Generation;

/// <summary>RenderAdaptiveSet: a resolved set in, its zip streamed back as the "archive" object, its bill in the result.</summary>
[Collection(HostCollection.Name)]
public sealed class RenderAdaptiveSetTests(HostFixture host)
{
    private static ResolvedAdaptiveSet SmallSet() => AdaptiveSetResolver.Resolve(new AdaptiveSetSpec
    {
        Genre = "chiptune",
        Bpm = 180,
        Bars = 4,
        Layers = 2,
        Seed = 21,
        States = [new AdaptiveStateSpec { Name = "calm" }, new AdaptiveStateSpec { Name = "chase" }],
        Transitions = [new AdaptiveTransitionSpec { From = "calm", To = "chase" }],
        Stingers = ["defeat"],
    });

    [Fact]
    public async Task RenderAdaptiveSet_SmallSet_StreamsItsZipAndBillsTheSet()
    {
        var set = SmallSet();
        var request = new RenderAdaptiveSetRequest
        {
            BatchId = Specs.NewBatchId(), ItemId = "set", ResolvedSetJson = ResolvedAdaptiveSetJson.Write(set), Title = "Chase",
            Provenance = new FileProvenance { GenerationId = "gen-1", LicenseId = "lic_1" },
        };

        using var call = host.Client.RenderAdaptiveSet(request);
        var transcript = await Transcript.ReadAsync(call);

        var result = Assert.IsType<ItemResult>(transcript.Result("set"));
        Assert.Equal(set.BilledMilliseconds, result.RenderedMs);
        var bytes = transcript.Bytes("set", "archive");
        var info = Assert.Single(result.Objects);
        Assert.Equal(("archive", "application/zip", (long)bytes.Length), (info.Object, info.ContentType, info.SizeBytes));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), info.Sha256);
        Assert.NotEmpty(transcript.Progress("set"));
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.Contains(zip.Entries, e => e.FullName == "states/calm/calm_layer2.wav");
        Assert.Contains(zip.Entries, e => e.FullName == "stingers/defeat.wav");
        Assert.Contains("\"states\"", result.MetadataJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "resolved_set_json")]
    [InlineData("{\"model\": 3}", "resolved_set_json")]
    public async Task RenderAdaptiveSet_NotASet_ItemErrorInvalidSpecNamingTheField(string json, string field)
    {
        using var call = host.Client.RenderAdaptiveSet(new RenderAdaptiveSetRequest { BatchId = Specs.NewBatchId(), ItemId = "bad", ResolvedSetJson = json });
        var transcript = await Transcript.ReadAsync(call);

        var error = Assert.IsType<ItemError>(transcript.Error("bad"));
        Assert.Equal(ItemErrorCode.InvalidSpec, error.Code);
        Assert.Contains(error.Violations, v => v.Field == field);
    }

    [Fact]
    public async Task RenderAdaptiveSet_OutOfRangeSpecOrForeignModel_RefusedFieldByField()
    {
        var set = SmallSet();
        var broken = set with { Model = "someone-elses-model", States = [set.States[0] with { Spec = set.States[0].Spec with { SampleRate = 12345 } }, set.States[1]] };

        using var call = host.Client.RenderAdaptiveSet(new RenderAdaptiveSetRequest { BatchId = Specs.NewBatchId(), ItemId = "bad", ResolvedSetJson = ResolvedAdaptiveSetJson.Write(broken) });
        var transcript = await Transcript.ReadAsync(call);

        var error = Assert.IsType<ItemError>(transcript.Error("bad"));
        Assert.Contains(error.Violations, v => v.Field == "model");
        Assert.Contains(error.Violations, v => v.Field == "states[0].spec.sample_rate");
    }
}
