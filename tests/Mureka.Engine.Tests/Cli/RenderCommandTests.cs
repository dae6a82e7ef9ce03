using System.Text.Json;
using Mureka.Engine.Tests.TestSupport;

namespace Mureka.Engine.Tests.Cli;

public sealed class RenderCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("genre", "--genre", "polka-metal")]
    [InlineData("bpm", "--bpm", "0")]
    [InlineData("duration_ms", "--duration", "-5s")]
    [InlineData("duration_ms", "--duration", "2h")]
    [InlineData("format", "--format", "aiff")]
    [InlineData("duration", "--duration", "soon")]
    public async Task Render_BadInput_ExitsWithFieldErrorAndWritesNothing(string field, string option, string value)
    {
        using var dir = new TempDirectory();

        var result = await CliRunner.RunAsync(["render", $"{option}={value}", "-o", dir.File("out.wav")], Timeout);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: {field}:", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Render_TenThousandCharacterPrompt_ExitsWithPromptErrorAndWritesNothing()
    {
        using var dir = new TempDirectory();

        var result = await CliRunner.RunAsync(["render", "--prompt", new string('x', 10_000), "-o", dir.File("out.mp3")], Timeout);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: prompt:", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Render_MissingOutputDirectory_ExitsWithOutputError()
    {
        using var dir = new TempDirectory();

        var result = await CliRunner.RunAsync(["render", "-o", Path.Combine(dir.Path, "missing", "out.wav")], Timeout);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: output:", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_WithScore_WritesTheMidiBesideTheAudio_ThatMidoReads()
    {
        using var dir = new TempDirectory();
        var output = dir.File("theme.wav");

        var result = await CliRunner.RunAsync(["render", "--genre", "jazz", "--duration", "4s", "--seed", "3", "--score", "--json", "-o", output], Timeout);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var midi = await Mureka.Testing.Mido.ReadAsync(dir.File("theme.mid"));
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Contains(json.RootElement.GetProperty("files").EnumerateArray(), f => f.GetString()!.EndsWith("theme.mid", StringComparison.Ordinal));
        Assert.True(midi.GetProperty("tracks").GetArrayLength() >= 3);
    }

    [Fact]
    public async Task Render_WithAThemeFile_PlaysItInTheThemesKeyAndTempo_AndABadFileIsNamed()
    {
        using var dir = new TempDirectory();
        var abc = dir.File("theme.abc");
        await File.WriteAllTextAsync(abc, Mureka.Testing.ThemeFixtures.DMinorAbc);
        var midi = dir.File("theme.mid");
        await File.WriteAllBytesAsync(midi, await Mureka.Testing.Abc2Midi.ConvertAsync(Mureka.Testing.ThemeFixtures.GMajorWaltzAbc));

        var fromAbc = await CliRunner.RunAsync(["render", "--theme", abc, "--genre", "solo-piano", "--duration", "10s", "--seed", "2", "--json", "-o", dir.File("a.wav")], Timeout);
        var fromMidi = await CliRunner.RunAsync(["render", "--theme", midi, "--theme-track", "Test waltz in G", "--duration", "10s", "--seed", "2", "--json", "-o", dir.File("m.wav")], Timeout);
        var missing = await CliRunner.RunAsync(["render", "--theme", dir.File("none.mid"), "-o", dir.File("x.wav")], Timeout);
        var wrongTrack = await CliRunner.RunAsync(["render", "--theme", midi, "--theme-track", "Lead", "-o", dir.File("y.wav")], Timeout);

        Assert.True(fromAbc.ExitCode == 0, fromAbc.StandardError);
        Assert.True(fromMidi.ExitCode == 0, fromMidi.StandardError);
        using var abcJson = JsonDocument.Parse(fromAbc.StandardOutput);
        using var midiJson = JsonDocument.Parse(fromMidi.StandardOutput);
        Assert.Equal(("D minor", 100.0), (abcJson.RootElement.GetProperty("metadata").GetProperty("key").GetString(), abcJson.RootElement.GetProperty("metadata").GetProperty("bpm").GetDouble()));
        Assert.Equal(("G major", "3/4"), (midiJson.RootElement.GetProperty("metadata").GetProperty("key").GetString(), midiJson.RootElement.GetProperty("metadata").GetProperty("time_signature").GetString()));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("theme", missing.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, wrongTrack.ExitCode);
        Assert.Contains("theme.track", wrongTrack.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_Mp3WithStemsAndJson_WritesAllFilesAndMetadata()
    {
        using var dir = new TempDirectory();
        var output = dir.File("track.mp3");

        var result = await CliRunner.RunAsync(
            ["render", "--prompt", "happy acoustic folk with guitar", "--duration", "6s", "--seed", "11", "--stems", "--json", "-o", output],
            Timeout);

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var metadata = json.RootElement.GetProperty("metadata");
        Assert.Equal("acoustic-folk", metadata.GetProperty("genre").GetString());
        Assert.Equal(11UL, metadata.GetProperty("seed").GetUInt64());
        Assert.Equal(6000, metadata.GetProperty("duration_ms").GetDouble());
        Assert.Equal("mureka-compose-1", metadata.GetProperty("model_id").GetString());
        var files = json.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Equal(5, files.Count);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 10_000, $"{f} is too small"));
        Assert.DoesNotContain(Directory.EnumerateFiles(dir.Path), f => f.EndsWith(".partial", StringComparison.Ordinal));
        var header = new byte[3];
        await using (var mp3 = File.OpenRead(output))
        {
            await mp3.ReadExactlyAsync(header);
        }

        Assert.True(header is [(byte)'I', (byte)'D', (byte)'3'] || (header[0] == 0xFF && (header[1] & 0xE0) == 0xE0), "not an MP3 stream");
    }

    [Fact]
    public async Task Render_Layers_WritesThreeStackableIntensitiesBesideTheOutput()
    {
        using var dir = new TempDirectory();
        var output = dir.File("theme.wav");

        var result = await CliRunner.RunAsync(["render", "--genre", "house", "--duration", "6s", "--seed", "5", "--layers", "--json", "-o", output], Timeout);

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var layers = json.RootElement.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], layers.Select(l => l.GetProperty("request").GetProperty("intensity").GetInt32()));
        Assert.True(File.Exists(dir.File("theme.intensity-1.wav")) && File.Exists(dir.File("theme.intensity-2.wav")) && File.Exists(output));
        var loudness = layers.Select(l => l.GetProperty("integrated_lufs").GetDouble()).ToList();
        Assert.InRange(loudness[2], -15, -13);
        Assert.True(loudness[0] < loudness[2], $"intensity 1 at {loudness[0]} LUFS is not below the full layer's {loudness[2]}");
    }
}
