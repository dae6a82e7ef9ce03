using Mureka.Sdk.Tests.Support;
using Mureka.Testing;

namespace Mureka.Sdk.Tests.Cli;

/// <summary>
/// The CLI as customers install it: packed as a .NET tool, installed with <c>dotnet tool install</c> from a local
/// folder, then run by its command name. Rendering a track proves the package carries the model and the native
/// ONNX Runtime it needs.
/// </summary>
public sealed class DotnetToolInstallTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("mureka-tool-").FullName;

    [Fact]
    public async Task PackedTool_InstalledFromALocalFolder_RunsAsMureka()
    {
        var packages = Path.Combine(_work, "packages");
        var tools = Path.Combine(_work, "tools");
        var output = Path.Combine(_work, "track.wav");
        var environment = new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };

        // The build ops/test.sh made: packing only copies it.
        var pack = await ChildProcess.RunAsync("dotnet", ["pack", Path.Combine(RepositoryLayout.Root, "src", "Mureka.Cli"), "-c", "Release", "--no-build", "-o", packages], _work, environment, TimeSpan.FromMinutes(3));
        Assert.True(pack.ExitCode == 0, pack.Output);
        var install = await ChildProcess.RunAsync("dotnet", ["tool", "install", "Mureka.Cli", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources"], _work, environment, TimeSpan.FromMinutes(3));
        Assert.True(install.ExitCode == 0, install.Output);
        var mureka = Path.Combine(tools, OperatingSystem.IsWindows() ? "mureka.exe" : "mureka");
        var version = await ChildProcess.RunAsync(mureka, ["--version"], _work, environment, TimeSpan.FromMinutes(1));
        var render = await ChildProcess.RunAsync(mureka, ["render", "--genre", "chiptune", "--duration", "2s", "--seed", "5", "-o", output], _work, environment, TimeSpan.FromMinutes(2));

        Assert.True(version.ExitCode == 0, version.Output);
        Assert.StartsWith("0.1.0", version.Stdout.Trim(), StringComparison.Ordinal);
        Assert.True(render.ExitCode == 0, render.Output);
        var wav = Wav.Parse(await File.ReadAllBytesAsync(output));
        Assert.InRange(wav.Duration.TotalMilliseconds, 1900, 2100);
        var package = Assert.Single(Directory.GetFiles(packages, "Mureka.Cli.*.nupkg"));
        Assert.True(new FileInfo(package).Length < 100L << 20, $"the tool package is {new FileInfo(package).Length >> 20} MiB");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
