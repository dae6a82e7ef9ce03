using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Mureka.Gateway.Tests.Support;
using Mureka.Inference.Host;
using Mureka.Migrations;
using Mureka.Testing;
using Npgsql;

namespace Mureka.Gateway.Tests.Dispatch;

/// <summary>
/// Two inference hosts, two gateway replicas, one PostgreSQL restarted (fast shutdown) while jobs are in flight:
/// during the outage the API answers only 503; after it every accepted job succeeds within a minute, is billed
/// once, and every stored audio file has its row.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class DatabaseRestartChaosTests(StackFixture stack) : IAsyncLifetime
{
    private const int Jobs = 12;
    private static readonly TimeSpan AfterReturn = TimeSpan.FromSeconds(60);

    private readonly List<GatewayInstance> _gateways = [];
    private PostgresServer _postgres = null!;
    private WebApplication _secondHost = null!;
    private string _audioRoot = "";

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        var connectionString = await _postgres.CreateDatabaseAsync("chaos");
        DatabaseMigrator.Migrate(connectionString);
        _audioRoot = Directory.CreateTempSubdirectory("mureka-chaos-audio-").FullName;
        _secondHost = HostApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"], o =>
        {
            o.HostId = "chaos-second-host";
            o.MaxBatchSize = 4;
            o.OrtThreads = 1;
        });
        await _secondHost.StartAsync();
        var secondAddress = HostApp.GetListeningAddress(_secondHost);
        await StackFixture.WaitForServingAsync(secondAddress, TimeSpan.FromSeconds(120));
        string[] hosts = [stack.HostAddress.ToString(), secondAddress.ToString()];
        for (var i = 0; i < 2; i++)
        {
            // Short leases so that renders cut off by the outage are taken over soon after it, and an orphan sweep
            // whose grace is still longer than a lease is held without the database.
            _gateways.Add(await GatewayInstance.StartAsync(connectionString, _audioRoot, hosts, s =>
            {
                s["Gateway:LeaseDuration"] = "00:00:06";
                s["Gateway:OrphanSweepInterval"] = "00:00:01";
                s["Gateway:OrphanGrace"] = "00:00:08";
            }));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await _secondHost.StopAsync();
        await _secondHost.DisposeAsync();
        await _postgres.DisposeAsync();
        Directory.Delete(_audioRoot, recursive: true);
    }

    [Fact]
    public async Task PostgresRestarted_JobsInFlight_OnlyUnavailableDuringOutageAndEveryJobSucceedsOnce()
    {
        var (_, key, _) = await _gateways[0].CreateTenantAsync();
        var clients = _gateways.Select(g => g.Http(key)).ToList();
        var ids = new List<Guid>();
        for (var i = 0; i < Jobs; i++)
        {
            using var created = await clients[i % 2].PostAsJsonAsync("/v1/generations", new { genre = "house", duration_ms = 8000, seed = i, format = "wav" });
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
            ids.Add(Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!));
        }

        await using (var connection = await _gateways[0].DataSource.OpenConnectionAsync())
        {
            await Poll.UntilAsync(
                () => connection.ExecuteScalarAsync<long>("select count(*) from generations where status = 'running'"), n => n >= 1, TimeSpan.FromSeconds(60), "renders in flight");
        }

        await _postgres.StopAsync();
        var statuses = new List<HttpStatusCode>();
        var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(8);
        while (DateTimeOffset.UtcNow < until)
        {
            foreach (var client in clients)
            {
                // A job not seen before and the list: both need the database (a finished job's view may be served from cache).
                using var get = await client.GetAsync(statuses.Count % 4 == 0 ? $"/v1/generations/{Guid.NewGuid()}" : "/v1/generations?limit=5");
                statuses.Add(get.StatusCode);
                Assert.True(get.Headers.RetryAfter is not null, $"a {(int)get.StatusCode} without Retry-After during the outage");
                using var post = await client.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 2000 });
                statuses.Add(post.StatusCode);
            }
        }

        await _postgres.StartAgainAsync();
        var returned = DateTimeOffset.UtcNow;
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));

        foreach (var id in ids)
        {
            var left = AfterReturn - (DateTimeOffset.UtcNow - returned);
            var done = await Poll.UntilAsync(() => StatusAsync(clients[0], id), s => s is "succeeded" or "canceled" || s.StartsWith("failed", StringComparison.Ordinal), left, $"generation {id} finishing after the database returned");
            Assert.Equal("succeeded", done);
        }

        await using var after = await _gateways[0].DataSource.OpenConnectionAsync();
        Assert.Equal(Jobs, await after.ExecuteScalarAsync<long>("select count(*) from usage_ledger"));
        Assert.Equal(Jobs, await after.ExecuteScalarAsync<long>("select count(distinct generation_id) from usage_ledger"));
        var rowed = (await after.QueryAsync<string>("select storage_key from audio_objects")).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Jobs, rowed.Count);

        // Audio whose fate the outage left unknown (written, commit unanswered) is the orphan sweep's to remove.
        await Poll.UntilAsync(() => Task.FromResult(StoredWithoutRow(rowed)), n => n == 0, AfterReturn, "no stored audio without a row");
        Assert.All(rowed, k => Assert.True(File.Exists(Path.Combine(_audioRoot, k)), $"{k} has a row but no file"));
    }

    private int StoredWithoutRow(HashSet<string> rowed) =>
        Directory.EnumerateFiles(_audioRoot, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_audioRoot, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Count(k => !rowed.Contains(k));

    private static async Task<string> StatusAsync(HttpClient http, Guid id)
    {
        using var response = await http.GetAsync($"/v1/generations/{id}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"http {(int)response.StatusCode}";
        }

        // A failure carries its reason, so an assertion on the status says why.
        var generation = await response.Content.ReadFromJsonAsync<JsonElement>();
        var status = generation.GetProperty("status").GetString()!;
        return status == "failed" ? $"failed: {generation.GetProperty("error").GetString()}" : status;
    }
}
