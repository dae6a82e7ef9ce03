using Mureka.Testing;

namespace Mureka.Streaming.Benchmarks;

/// <summary>
/// The code the "before" stack runs: this checkout, or a commit built into a temporary git worktree of its own
/// (gateway, host and CLI, as <c>ops/dev-stack.sh</c> builds them), removed afterwards unless kept for the next run.
/// </summary>
public sealed class BaselineCheckout : IAsyncDisposable
{
    private static readonly string[] Projects = ["src/Mureka.Cli", "src/Mureka.Inference.Host", "src/Mureka.Gateway"];
    private readonly bool _remove;

    private BaselineCheckout(string root, string description, bool remove)
    {
        Root = root;
        Description = description;
        _remove = remove;
    }

    /// <summary>The folder holding MurekaApi.sln and the build outputs.</summary>
    public string Root { get; }

    public string Description { get; }

    public static BaselineCheckout Current(string description) => new(RepositoryLayout.Root, description, remove: false);

    /// <param name="gitRef">A commit-ish, or <c>merge-base:BRANCH</c> for where HEAD left that branch.</param>
    public static async Task<BaselineCheckout> BuildAsync(string gitRef, bool keep, TextWriter log, CancellationToken cancellationToken)
    {
        var commit = gitRef.StartsWith("merge-base:", StringComparison.Ordinal)
            ? await GitAsync(["merge-base", "HEAD", gitRef["merge-base:".Length..]], cancellationToken)
            : await GitAsync(["rev-parse", "--verify", $"{gitRef}^{{commit}}"], cancellationToken);
        var subject = await DescribeAsync(commit, cancellationToken);
        var root = Path.Combine(Path.GetTempPath(), $"mureka-baseline-{commit[..12]}");
        var checkout = new BaselineCheckout(root, $"{gitRef} = {subject}", remove: !keep);
        try
        {
            if (!File.Exists(Path.Combine(root, "MurekaApi.sln")))
            {
                log.WriteLine($"baseline: adding worktree {root} at {commit[..12]}");
                await GitAsync(["worktree", "add", "--force", "--detach", root, commit], cancellationToken);
            }

            foreach (var project in Projects)
            {
                log.WriteLine($"baseline: building {project}");
                await ToolRun.TextAsync("dotnet", ["build", Path.Combine(root, project), "-c", RepositoryLayout.Configuration, "-nologo", "-v", "quiet", "-clp:NoSummary"], cancellationToken);
            }

            return checkout;
        }
        catch
        {
            await checkout.DisposeAsync();
            throw;
        }
    }

    /// <summary>A commit as its short hash and subject.</summary>
    public static Task<string> DescribeAsync(string commit, CancellationToken cancellationToken) =>
        GitAsync(["log", "-1", "--format=%h %s", commit], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_remove && Directory.Exists(Root))
        {
            await GitAsync(["worktree", "remove", "--force", Root], CancellationToken.None);
        }
    }

    private static async Task<string> GitAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        (await ToolRun.TextAsync("git", ["-C", RepositoryLayout.Root, .. arguments], cancellationToken)).Trim();
}
