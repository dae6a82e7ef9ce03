using Mureka.Gateway.Tests.Support;
using Mureka.Sdk.Tests.Support;
using Mureka.Testing;

namespace Mureka.Sdk.Tests.Cli;

/// <summary><c>mureka generate</c> (the real CLI process) against a live gateway.</summary>
[Collection(StackCollection.Name)]
public sealed class GenerateCommandTests(StackFixture stack) : SdkTestBase(stack), IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mureka-generate-");

    [Fact]
    public async Task Generate_ShortTrack_SavesWholeWavAndExitsZero()
    {
        var path = Path.Combine(_directory.FullName, "track.wav");

        var result = await MurekaCli.RunAsync(WithKey(ApiKey), "generate", "--prompt", "calm jazz", "--duration", "2s", "--seed", "3", "--out", path, "--api-url", Gateway.RestUrl);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(2000, Wav.Parse(await File.ReadAllBytesAsync(path)).Duration.TotalMilliseconds, 1.0);
        Assert.Contains(path, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("seed 3", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(["track.wav"], _directory.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public async Task GenerateWithATheme_ThenExtend_SavesTheJoinedTrack()
    {
        var theme = Path.Combine(_directory.FullName, "theme.abc");
        await File.WriteAllTextAsync(theme, ThemeFixtures.DMinorAbc);
        var first = Path.Combine(_directory.FullName, "first.wav");
        var longer = Path.Combine(_directory.FullName, "longer.wav");

        var generated = await MurekaCli.RunAsync(WithKey(ApiKey), "generate", "--theme", theme, "--genre", "solo-piano", "--duration", "6s", "--seed", "3", "--json", "--out", first, "--api-url", Gateway.RestUrl);
        Assert.True(generated.ExitCode == 0, generated.Output);
        var id = System.Text.Json.JsonDocument.Parse(generated.Stdout).RootElement.GetProperty("generation").GetProperty("id").GetString()!;
        var extended = await MurekaCli.RunAsync(WithKey(ApiKey), "extend", id, "--duration", "4s", "--out", longer, "--api-url", Gateway.RestUrl);
        var refused = await MurekaCli.RunAsync(WithKey(ApiKey), "extend", id, "--duration", "10m", "--out", Path.Combine(_directory.FullName, "x.wav"), "--api-url", Gateway.RestUrl);

        Assert.Contains("D minor", generated.Stdout, StringComparison.Ordinal);
        Assert.True(extended.ExitCode == 0, extended.Output);
        Assert.Equal(10_000, Wav.Parse(await File.ReadAllBytesAsync(longer)).Duration.TotalMilliseconds, 1.0);
        Assert.True(refused.ExitCode == 2, refused.Output);
        Assert.Contains("error: duration_ms:", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ServerRefusesFields_ExitsTwoNamingEachAndWritesNothing()
    {
        var result = await MurekaCli.RunAsync(WithKey(ApiKey), "generate", "--bpm", "500", "--genre", "polka-metal", "--out", Path.Combine(_directory.FullName, "x.wav"), "--api-url", Gateway.RestUrl);

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains("error: bpm:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error: genre:", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_directory.EnumerateFileSystemInfos());
    }

    [Theory]
    [InlineData("duration", "--duration", "soon")]
    [InlineData("api_url", "--api-url", "ftp://example.invalid")]
    [InlineData("out", "--out", "/no/such/dir/x.wav")]
    public async Task Generate_BadLocalInput_ExitsTwoBeforeCallingTheServer(string field, string option, string value)
    {
        var options = new Dictionary<string, string> { ["--out"] = Path.Combine(_directory.FullName, "x.wav"), ["--api-url"] = Gateway.RestUrl, [option] = value };
        string[] args = ["generate", .. options.SelectMany(o => new[] { o.Key, o.Value })];

        var result = await MurekaCli.RunAsync(WithKey(ApiKey), args);

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains($"error: {field}:", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_directory.EnumerateFileSystemInfos());
    }

    [Fact]
    public async Task Generate_NoApiKey_ExitsTwoNamingApiKey()
    {
        var result = await MurekaCli.RunAsync(WithKey(null), "generate", "--out", Path.Combine(_directory.FullName, "x.wav"), "--api-url", Gateway.RestUrl);

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains("error: api_key: missing", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_UnknownApiKey_ExitsThree()
    {
        var result = await MurekaCli.RunAsync(WithKey("mk_live_not_a_real_key"), "generate", "--duration", "2s", "--out", Path.Combine(_directory.FullName, "x.wav"), "--api-url", Gateway.RestUrl);

        Assert.True(result.ExitCode == 3, result.Output);
        Assert.Contains("error: api_key:", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_directory.EnumerateFileSystemInfos());
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static Dictionary<string, string?> WithKey(string? key) => MurekaCli.WithKey(key);
}
