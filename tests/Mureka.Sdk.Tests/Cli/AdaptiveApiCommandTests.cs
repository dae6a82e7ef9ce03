using System.IO.Compression;
using Mureka.Gateway.Tests.Support;
using Mureka.Sdk.Tests.Support;

namespace Mureka.Sdk.Tests.Cli;

/// <summary><c>mureka adaptive --api</c> (the real CLI process) against a live gateway.</summary>
[Collection(StackCollection.Name)]
public sealed class AdaptiveApiCommandTests(StackFixture stack) : SdkTestBase(stack), IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mureka-adaptive-api-");

    [Fact]
    public async Task AdaptiveApi_SmallSet_SavesTheGatewaysZipAndExitsZero()
    {
        var path = Path.Combine(_directory.FullName, "set.zip");

        var result = await MurekaCli.RunAsync(WithKey(ApiKey), "adaptive", "--api", "--api-url", Gateway.RestUrl,
            "--state", "calm", "--state", "chase:epic", "--genre", "chiptune", "--bpm", "180", "--bars", "4", "--layers", "1", "--stinger", "victory", "--seed", "4", "-o", path);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("2 states (calm, chase)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("adaptive set ", result.Stdout, StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(path);
        Assert.Contains(zip.Entries, e => e.FullName == "states/chase/chase_full.wav");
        Assert.Contains(zip.Entries, e => e.FullName == "set.json");
        Assert.Equal(["set.zip"], _directory.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public async Task AdaptiveApi_ServerRefusesFields_ExitsTwoNamingEachAndWritesNothing()
    {
        var result = await MurekaCli.RunAsync(WithKey(ApiKey), "adaptive", "--api", "--api-url", Gateway.RestUrl, "--layers", "5", "--bars", "6", "-o", Path.Combine(_directory.FullName, "x.zip"));

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains("error: layers:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: bars:", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_directory.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task AdaptiveApi_OutputIsAFolder_ExitsTwoNamingOutputAsLocalModeDoes()
    {
        var result = await MurekaCli.RunAsync(WithKey(ApiKey), "adaptive", "--api", "--api-url", Gateway.RestUrl, "-o", _directory.FullName);

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains("error: output:", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_directory.EnumerateFileSystemInfos());
    }

    private static Dictionary<string, string?> WithKey(string? key) => MurekaCli.WithKey(key);

    public void Dispose() => _directory.Delete(recursive: true);
}
