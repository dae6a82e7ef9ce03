using System.Text.Json;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Testing;

namespace Mureka.Engine.Tests.Cli;

public sealed class AdaptiveCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Adaptive_WritesTheSetsZip_AndPrintsItsSidecar()
    {
        using var dir = new TempDirectory();
        var output = dir.File("set.zip");

        var result = await CliRunner.RunAsync(
            ["adaptive", "--state", "calm:calm:ambient", "--state", "chase:energetic:rock", "--bars", "4", "--layers", "2", "--stinger", "victory", "--bpm", "120", "--key", "E minor", "--seed", "5", "--title", "Chase", "--json", "-o", output],
            Timeout);

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var sidecar = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(["calm", "chase"], sidecar.RootElement.GetProperty("states").EnumerateArray().Select(s => s.GetProperty("name").GetString()!));
        Assert.All(sidecar.RootElement.GetProperty("states").EnumerateArray(), s => Assert.Equal(2, s.GetProperty("layers").GetArrayLength()));
        Assert.Equal(2, sidecar.RootElement.GetProperty("transitions").GetArrayLength());
        var listed = (await ToolRun.TextAsync("unzip", ["-Z1", output])).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("states/chase/chase_layer2.wav", listed);
        Assert.Contains("transitions/calm_to_chase.wav", listed);
        Assert.Contains("stingers/victory.wav", listed);
        Assert.DoesNotContain("stingers/defeat.wav", listed);
    }

    [Theory]
    [InlineData("states[0].name", "--state", "Loud Part")]
    [InlineData("bars", "--bars", "6")]
    [InlineData("stingers[0]", "--stinger", "fanfare")]
    [InlineData("preset", "--preset", "racing")]
    [InlineData("layers", "--layers", "9")]
    public async Task Adaptive_BadInput_ExitsWithTheFieldAndWritesNothing(string field, string option, string value)
    {
        using var dir = new TempDirectory();

        var result = await CliRunner.RunAsync(["adaptive", option, value, "-o", dir.File("set.zip")], Timeout);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: {field}:", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
