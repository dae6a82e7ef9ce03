using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Grpc.Core;
using Grpc.Net.Client;
using Mureka.Accounts;
using Mureka.Contracts.Inference.V1;
using Mureka.Gateway.Tests.Support;
using Mureka.Migrations;
using Mureka.Testing;
using Npgsql;

namespace Mureka.Gateway.Tests.Deployment;

/// <summary>
/// The deployment the gateway is built for, on separate machines: two gateways and two inference hosts, each in a
/// network namespace of its own with its own address, running the published programs as processes, over one
/// PostgreSQL, one Redis and one S3-compatible store. Audio lives only in the bucket (the gateways' audio roots are
/// never written), hosts take calls only with the shared caller secret, and a job accepted by one gateway renders
/// on either host and downloads from the other gateway.
/// </summary>
public sealed class MultiMachineTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(90);

    private readonly string _secret = RandomNumberGenerator.GetHexString(48, lowercase: true);
    private NetworkLab? _lab;
    private PostgresServer? _postgres;
    private RedisServer? _redis;
    private S3Server? _s3;
    private string _database = "";
    private readonly List<MachineProcess> _hosts = [];
    private readonly List<MachineProcess> _gateways = [];
    private readonly List<string> _audioRoots = [];

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose what failed to initialise: the namespaces and servers must not outlive the run.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        _lab = await NetworkLab.CreateAsync(machines: 4);
        _postgres = await PostgresServer.StartAsync(_lab.RootAddress);
        _redis = await RedisServer.StartAsync(_lab.RootAddress);
        _s3 = await S3Server.StartAsync(address: _lab.RootAddress);
        _database = await _postgres.CreateDatabaseAsync("multi");
        DatabaseMigrator.Migrate(_database);

        foreach (var machine in _lab.Machines.Skip(2))
        {
            _hosts.Add(_lab.Start(machine, "dotnet", [RepositoryLayout.BuildOutput("Mureka.Inference.Host", "mureka-host.dll"), "--urls", $"http://{machine.Address}:7001"], new Dictionary<string, string>
            {
                ["Host__CallerSecrets__0"] = _secret,
                ["Host__HostId"] = machine.Name,
                ["Host__OrtThreads"] = "1",
                ["Host__MaxBatchSize"] = "4",
            }));
        }

        foreach (var machine in _lab.Machines.Take(2))
        {
            var audioRoot = Directory.CreateTempSubdirectory("mureka-multi-audio-").FullName;
            _audioRoots.Add(audioRoot);
            var settings = new Dictionary<string, string>
            {
                ["Gateway__RestUrl"] = $"http://{machine.Address}:8080",
                ["Gateway__GrpcUrl"] = $"http://{machine.Address}:8081",
                ["Gateway__ConnectionString"] = _database,
                ["Gateway__HostSecret"] = _secret,
                ["Gateway__Hosts__0"] = HostUrl(0),
                ["Gateway__Hosts__1"] = HostUrl(1),
                ["Gateway__RateLimit__Redis"] = _redis.ConnectionString,
                ["Gateway__AudioRoot"] = audioRoot,
                ["Gateway__PollInterval"] = "00:00:00.200",
                ["Gateway__MaxHostRetryDelay"] = "00:00:00.500",
            };
            foreach (var (key, value) in _s3.GatewaySettings)
            {
                settings[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }

            _gateways.Add(_lab.Start(machine, "dotnet", [RepositoryLayout.BuildOutput("Mureka.Gateway", "mureka-gateway.dll")], settings));
        }

        // Ready means the database, the bucket and at least one warmed-up host answer, seen from each gateway.
        for (var i = 0; i < _gateways.Count; i++)
        {
            await WaitForHealthyAsync(i);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _gateways.Concat(_hosts))
        {
            await process.DisposeAsync();
        }

        _gateways.Clear();
        _hosts.Clear();
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }

        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _audioRoots.ForEach(root => Directory.Delete(root, recursive: true));
        _audioRoots.Clear();
    }

    [Fact]
    public async Task JobAcceptedByOneGateway_RendersOnEitherHost_DownloadsFromTheOther_HostsRefuseOtherCallers()
    {
        var key = await CreateKeyAsync();
        using var gatewayA = Client(0, key);
        using var gatewayB = Client(1, key);

        var first = await RenderAsync(gatewayA);
        var firstHost = await HostOfAsync(first);
        var (firstAudio, firstTag) = await DownloadAsync(gatewayB, first);

        // The host that rendered it goes away; the next job, accepted by the other gateway, renders on the other host.
        var survivor = firstHost == HostUrl(0) ? 1 : 0;
        await _hosts[1 - survivor].KillAsync();
        var second = await RenderAsync(gatewayB);
        var secondHost = await HostOfAsync(second);
        var (secondAudio, secondTag) = await DownloadAsync(gatewayA, second);

        Assert.Contains(firstHost, new[] { HostUrl(0), HostUrl(1) });
        Assert.Equal(HostUrl(survivor), secondHost);
        Assert.Equal("RIFF"u8.ToArray(), firstAudio[..4]);
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(firstAudio))}\"", firstTag);
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(secondAudio))}\"", secondTag);
        Assert.All(_audioRoots, root => Assert.Empty(Directory.EnumerateFileSystemEntries(root)));

        // This test's own machine is not a gateway: without the secret, or with another, the host refuses it.
        using var channel = GrpcChannel.ForAddress(HostUrl(survivor));
        var host = new InferenceHost.InferenceHostClient(channel);
        var none = await Assert.ThrowsAsync<RpcException>(() => host.GetInfoAsync(new GetInfoRequest()).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => host.GetInfoAsync(new GetInfoRequest(), new Metadata { { "authorization", "Bearer " + RandomNumberGenerator.GetHexString(48) } }).ResponseAsync);
        var right = await host.GetInfoAsync(new GetInfoRequest(), new Metadata { { "authorization", "Bearer " + _secret } });
        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        Assert.Contains(wrong.StatusCode, new[] { StatusCode.Unauthenticated, StatusCode.PermissionDenied });
        Assert.Equal(Lab.Machines[2 + survivor].Name, right.HostId);
    }

    private NetworkLab Lab => _lab ?? throw new InvalidOperationException("not started");

    private string HostUrl(int index) => $"http://{Lab.Machines[2 + index].Address}:7001";

    private HttpClient Client(int gateway, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://{Lab.Machines[gateway].Address}:8080") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private async Task WaitForHealthyAsync(int gateway)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{Lab.Machines[gateway].Address}:8080"), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    if (_gateways[gateway].HasExited)
                    {
                        throw new InvalidOperationException("the gateway exited");
                    }

                    try
                    {
                        using var response = await http.GetAsync("/readyz");
                        return await response.Content.ReadAsStringAsync();
                    }
                    catch (HttpRequestException e)
                    {
                        return "unreachable: " + e.Message;
                    }
                },
                body => body.StartsWith('{') && JsonDocument.Parse(body).RootElement.GetProperty("status").GetString() == "Healthy", StartTimeout, $"gateway {gateway} healthy");
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{e.Message}\n--- gateway:\n{_gateways[gateway].Output}\n--- hosts:\n{string.Join("\n", _hosts.Select(h => h.Output))}", e);
        }
    }

    private async Task<string> CreateKeyAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(_database);
        var accounts = new AccountsService(dataSource, TimeProvider.System);
        var tenant = await accounts.CreateTenantAsync("multi-machine", "pro");
        return (await accounts.CreateKeyAsync(tenant.Id, "tests", test: false)).Key;
    }

    private static async Task<string> RenderAsync(HttpClient gateway)
    {
        using var created = await gateway.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 2000 });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var done = await Poll.UntilAsync(
            () => gateway.GetFromJsonAsync<JsonElement>($"/v1/generations/{id}"),
            g => g.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled", RenderTimeout, $"generation {id}");
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        return id;
    }

    private async Task<string> HostOfAsync(string id)
    {
        await using var connection = new NpgsqlConnection(_database);
        return await connection.ExecuteScalarAsync<string>("select host from generations where id = @id", new { id = Guid.Parse(id) }) ?? "";
    }

    private static async Task<(byte[] Audio, string? ETag)> DownloadAsync(HttpClient gateway, string id)
    {
        using var response = await gateway.GetAsync($"/v1/generations/{id}/audio");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync(), response.Headers.ETag?.Tag);
    }
}
