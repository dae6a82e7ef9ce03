using Mureka.Gateway.Tests.Support;

namespace Mureka.Sdk.Tests;

/// <summary>The C# SDK's adaptive-set helpers against a live gateway.</summary>
[Collection(StackCollection.Name)]
public sealed class MurekaClientAdaptiveSetTests(StackFixture stack) : SdkTestBase(stack)
{
    [Fact]
    public async Task CreateAdaptiveSetAndDownloadAsync_SmallSet_UnpacksTheZip_AndBillsTheEstimate()
    {
        using var client = CreateClient();
        var directory = Directory.CreateTempSubdirectory("mureka-sdk-set-");
        var request = new AdaptiveSetRequest
        {
            Genre = "chiptune",
            Bpm = 180,
            Bars = 4,
            Layers = 1,
            Seed = 9,
            States = [new AdaptiveStateRequest { Name = "calm" }, new AdaptiveStateRequest { Name = "chase" }],
            Transitions = [new AdaptiveTransitionRequest { From = "calm", To = "chase" }],
            Stingers = ["victory"],
        };
        var seen = new List<string>();
        try
        {
            var estimate = await client.EstimateAdaptiveSetAsync(request);
            var set = await client.CreateAdaptiveSetAndDownloadAsync(request, directory.FullName, new Progress<AdaptiveSet>(s => seen.Add(s.Status)));

            Assert.Equal("succeeded", set.Status);
            Assert.Equal(estimate.BillableSeconds, set.RenderedSeconds);
            Assert.Contains("succeeded", seen);
            foreach (var file in new[] { "set.json", "README.md", "states/calm/calm_full.wav", "transitions/calm_to_chase.wav", "stingers/victory.wav", "fmod/mureka_adaptive_set.js", "wwise/waapi_object_set.json" })
            {
                Assert.True(File.Exists(Path.Combine(directory.FullName, file)), file);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task CreateAdaptiveSetAsync_BadField_ProblemNamesIt()
    {
        using var client = CreateClient();

        var e = await Assert.ThrowsAsync<MurekaProblemException>(() => client.CreateAdaptiveSetAsync(new AdaptiveSetRequest { Layers = 4 }));

        Assert.Equal(400, e.Status);
        Assert.Contains("layers", e.Message, StringComparison.Ordinal);
    }
}
