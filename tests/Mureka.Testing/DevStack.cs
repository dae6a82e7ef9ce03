namespace Mureka.Testing;

/// <summary>
/// The programs of the local stack started the way <c>ops/dev-stack.sh</c> starts them: each its own process from
/// a build output (of this checkout or of another, such as a baseline worktree), with the shipped appsettings.json
/// and the same arguments (Redis rate limits, JSON logs, the management port), so benchmarks measure what users run.
/// </summary>
public static class DevStack
{
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Where a gateway started by <see cref="StartGateway"/> listens.</summary>
    public sealed record GatewayUrls(string Rest, string Grpc, string Management);

    /// <summary>
    /// Starts the gateway of the checkout at <paramref name="root"/> over the given database, Redis and audio folder.
    /// <paramref name="arguments"/> are further <c>--Gateway:…</c> settings (hosts, dispatch); <paramref name="environment"/>
    /// is passed as is (secrets, overrides a caller wants to try).
    /// </summary>
    public static (ServiceProcess Process, GatewayUrls Urls) StartGateway(
        string root,
        string connectionString,
        string redis,
        string audioRoot,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment)
    {
        var urls = new GatewayUrls(
            $"http://127.0.0.1:{FreeTcpPort.OnLoopback()}",
            $"http://127.0.0.1:{FreeTcpPort.OnLoopback()}",
            $"http://127.0.0.1:{FreeTcpPort.OnLoopback()}");
        var process = ServiceProcess.Start("dotnet",
        [
            RepositoryLayout.BuildOutput(root, "Mureka.Gateway", "mureka-gateway.dll"),
            $"--Gateway:RestUrl={urls.Rest}",
            $"--Gateway:GrpcUrl={urls.Grpc}",
            $"--Gateway:ConnectionString={connectionString}",
            $"--Gateway:AudioRoot={audioRoot}",
            "--Gateway:AudioRootMayBeTemporary=true",
            $"--Gateway:RateLimit:Redis={redis}",
            $"--Gateway:ManagementUrl={urls.Management}",
            .. arguments,
        ], environment);
        return (process, urls);
    }

    /// <summary>Starts the inference host of the checkout at <paramref name="root"/> on <paramref name="url"/>.</summary>
    public static ServiceProcess StartHost(string root, string url, IReadOnlyDictionary<string, string> environment) =>
        ServiceProcess.Start("dotnet", [RepositoryLayout.BuildOutput(root, "Mureka.Inference.Host", "mureka-host.dll"), "--urls", url], environment);

    /// <summary>Runs the <c>mureka</c> CLI of the checkout at <paramref name="root"/> and returns its last line (what it created).</summary>
    public static async Task<string> CliAsync(string root, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var text = await ToolRun.TextAsync("dotnet", [RepositoryLayout.BuildOutput(root, "Mureka.Cli", "mureka.dll"), .. arguments], cancellationToken);
        return text.TrimEnd().Split('\n')[^1].Trim();
    }

    /// <summary>Waits until <paramref name="path"/> answers with success, failing at once if the process exits.</summary>
    public static Task WaitUntilServingAsync(HttpClient client, string path, ServiceProcess process, string what, TimeSpan? timeout = null) =>
        WaitUntilServingAsync(client, path, [(process, what)], _ => true, what, timeout ?? DefaultStartTimeout, CancellationToken.None);

    /// <summary>
    /// Waits until <paramref name="path"/> answers with success and a body <paramref name="accept"/> takes, failing
    /// at once if any of <paramref name="processes"/> exits.
    /// </summary>
    public static async Task WaitUntilServingAsync(
        HttpClient client,
        string path,
        IReadOnlyList<(ServiceProcess Process, string What)> processes,
        Func<string, bool> accept,
        string what,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        await Poll.UntilAsync(
            async () =>
            {
                foreach (var (process, name) in processes)
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"{name} exited:\n{process.Output}");
                    }
                }

                try
                {
                    using var response = await client.GetAsync(path, cancellationToken);
                    return response.IsSuccessStatusCode && accept(await response.Content.ReadAsStringAsync(cancellationToken));
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            serving => serving,
            timeout,
            $"{what} serving {path}");
    }
}
