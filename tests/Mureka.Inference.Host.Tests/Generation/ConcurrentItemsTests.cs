using Mureka.Contracts.Inference.V1;
using Mureka.Inference.Host.Tests.Support;

namespace Mureka.Inference.Host.Tests.Generation;

/// <summary>A batch's items render at once on the host's render workers, so a short item never waits for a long one.</summary>
[Collection(HostCollection.Name)]
public sealed class ConcurrentItemsTests(HostFixture host)
{
    [Fact]
    public async Task Generate_LongItemFirst_ShortItemBehindItIsDeliveredBeforeTheLongOneHasRendered()
    {
        var request = Specs.Batch(
            Specs.NewBatchId(),
            ("long", Specs.Track(durationMs: 30_000, seed: 11, genre: "jazz")),
            ("short", Specs.Track(durationMs: 2_000, seed: 12, genre: "jazz")));

        using var call = host.Client.Generate(request);
        var transcript = await Transcript.ReadAsync(call);

        // Rendered one after another, the short item could only start once the long one had rendered; the long one
        // reaches its mastering stage once all of it has rendered.
        var shortResult = transcript.Messages.FindIndex(m => m.ItemId == "short" && m.EventCase == GenerateResponse.EventOneofCase.Result);
        var longRendered = transcript.Messages.FindIndex(m => m.ItemId == "long" && m.EventCase == GenerateResponse.EventOneofCase.Progress && m.Progress.Stage == "mastering");
        Assert.InRange(shortResult, 0, longRendered - 1);
        Assert.NotNull(transcript.Result("long"));
        Assert.NotNull(transcript.Result("short"));
    }
}
