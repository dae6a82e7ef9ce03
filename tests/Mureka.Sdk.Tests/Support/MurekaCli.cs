using Mureka.Testing;

namespace Mureka.Sdk.Tests.Support;

/// <summary>Runs the real <c>mureka</c> CLI (its own build output) as a child process.</summary>
public static class MurekaCli
{
    /// <summary>The CLI's environment with this API key (none when null) and no gateway URL inherited from the test's.</summary>
    public static Dictionary<string, string?> WithKey(string? key) =>
        new() { [Mureka.Cli.Commands.GenerateCommand.ApiKeyVariable] = key, [Mureka.Cli.Commands.GenerateCommand.ApiUrlVariable] = null };

    public static Task<ChildProcess.Result> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        ChildProcess.RunAsync("dotnet", [CliPath(), .. args], null, environment, TimeSpan.FromMinutes(3));

    /// <summary>
    /// src/Mureka.Cli's bin folder, not the copy beside this test: the test's ASP.NET Core framework reference
    /// drops NuGet logging assemblies that the CLI's deps.json expects.
    /// </summary>
    private static string CliPath() => RepositoryLayout.BuildOutput("Mureka.Cli", "mureka.dll");
}
