namespace Mureka.Testing;

/// <summary>Where things are in this repository, found from a test's or benchmark's build output.</summary>
public static class RepositoryLayout
{
    /// <summary>The folder above the running program's build output that holds MurekaApi.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the running program was built in (Debug or Release).</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    /// <summary>
    /// A program as <c>dotnet build</c> of the solution left it, in the configuration the caller was built in
    /// (what <c>ops/dev-stack.sh</c> runs and <c>ops/images/publish.sh</c> publishes).
    /// </summary>
    public static string BuildOutput(string project, string assembly) => BuildOutput(Root, project, assembly);

    /// <summary>The same, in the checkout at <paramref name="root"/> (another worktree, say).</summary>
    public static string BuildOutput(string root, string project, string assembly)
    {
        var path = Path.Combine(root, "src", project, "bin", Configuration, "net10.0", assembly);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the solution first");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MurekaApi.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no MurekaApi.sln above {AppContext.BaseDirectory}");
    }
}
