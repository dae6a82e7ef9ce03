using System.Net.Http.Headers;
using System.Security.Cryptography;
using Grpc.Net.Client;
using Mureka.Testing;

namespace Mureka.Streaming.Benchmarks;

/// <summary>
/// One stack as the README's <c>ops/dev-stack.sh</c> runs it, from one checkout's build output: an inference host
/// process and a gateway process (shipped appsettings.json, Redis rate limits, JSON logs) over a database of its
/// own, migrated and given a tenant and key by that checkout's own <c>mureka</c> CLI, so a baseline commit runs
/// with its own schema. PostgreSQL and Redis are shared between stacks; only one stack is under load at a time.
/// </summary>
public sealed class StreamingStack : IAsyncDisposable
{
    private static readonly TimeSpan WarmTimeout = TimeSpan.FromMinutes(3);
    private readonly ServiceProcess _host;
    private readonly ServiceProcess _gateway;
    private readonly DirectoryInfo _audio;
    private readonly HttpClient _http;
    private readonly GrpcChannel _channel;

    private StreamingStack(string name, ServiceProcess host, ServiceProcess gateway, DirectoryInfo audio, DevStack.GatewayUrls urls, string key)
    {
        Name = name;
        _host = host;
        _gateway = gateway;
        _audio = audio;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false })
        {
            BaseAddress = new Uri(urls.Rest),
            Timeout = TimeSpan.FromMinutes(5),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        _channel = GrpcChannel.ForAddress(urls.Grpc);
        Clients = new Dictionary<string, StreamingClient>
        {
            ["grpc"] = new GrpcStreamingClient(_channel, key),
            ["rest"] = new RestStreamingClient(_http),
        };
    }

    public string Name { get; }

    /// <summary>The API clients by protocol (grpc, rest).</summary>
    public IReadOnlyDictionary<string, StreamingClient> Clients { get; }

    public static async Task<StreamingStack> StartAsync(
        string name,
        string root,
        PostgresServer postgres,
        RedisServer redis,
        IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        var database = await postgres.CreateDatabaseAsync($"stream_{name}", cancellationToken);
        await DevStack.CliAsync(root, ["admin", "db", "migrate", "--connection", database], cancellationToken);
        // Enterprise: 64 concurrent jobs, 12,000 requests a minute and 100 hours a month, far above the load.
        var tenant = await DevStack.CliAsync(root, ["admin", "tenants", "create", "--name", $"Benchmark {name}", "--plan", "enterprise", "--connection", database], cancellationToken);
        var key = await DevStack.CliAsync(root, ["admin", "keys", "create", "--tenant", tenant, "--name", "bench", "--connection", database], cancellationToken);

        // Only gateways may call the host: one secret per stack, through the environment as ops/dev-stack.sh passes it.
        var secret = RandomNumberGenerator.GetHexString(48, lowercase: true);
        var hostUrl = $"http://127.0.0.1:{FreeTcpPort.OnLoopback()}";
        var host = DevStack.StartHost(root, hostUrl, With(environment, "Host__CallerSecrets__0", secret));
        var audio = Directory.CreateTempSubdirectory($"mureka-stream-{name}-");
        var (gateway, urls) = DevStack.StartGateway(root, database, redis.ConnectionString, audio.FullName, [$"--Gateway:Hosts:0={hostUrl}"], With(environment, "Gateway__HostSecret", secret));
        var stack = new StreamingStack(name, host, gateway, audio, urls, key);
        try
        {
            await stack.WaitUntilUsableAsync(cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        _http.Dispose();
        await _gateway.DisposeAsync();
        await _host.DisposeAsync();
        _audio.Delete(recursive: true);
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> environment, string key, string value) =>
        new(environment) { [key] = value };

    // The host serves only after its warm-up render; until then /readyz answers Degraded and new jobs get 503. The
    // answer's own status, not one of its checks' (those read Healthy while the host pool is still Degraded).
    private Task WaitUntilUsableAsync(CancellationToken cancellationToken) =>
        DevStack.WaitUntilServingAsync(
            _http,
            "/readyz",
            [(_host, $"the inference host of stack {Name}"), (_gateway, $"the gateway of stack {Name}")],
            body => body.StartsWith("{\"status\":\"Healthy\"", StringComparison.Ordinal),
            $"stack {Name}",
            WarmTimeout,
            cancellationToken);
}
