using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mureka.Accounts;
using Mureka.Migrations;
using Mureka.Testing;
using Npgsql;

namespace Mureka.Gateway.Benchmarks;

/// <summary>
/// Starts a throwaway PostgreSQL, the real gateway (dispatch off: jobs are accepted and stored but
/// nothing renders) and a bare Kestrel endpoint, then drives each with the same closed-loop load.
/// </summary>
internal static class GatewayReport
{
    private const int Concurrency = 32;

    /// <param name="redis">Rate limits in a real Redis (as across replicas) instead of in-process buckets.</param>
    public static async Task<int> RunAsync(TextWriter output, TimeSpan duration, bool redis = false)
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var redisServer = redis ? await RedisServer.StartAsync() : null;
        var connectionString = await postgres.CreateDatabaseAsync("bench");
        DatabaseMigrator.Migrate(connectionString);
        string key;
        var postKeys = new List<string>();
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            var accounts = new AccountsService(dataSource, TimeProvider.System);
            // Limits stay on (the rate limiter and quota run on every request) but sized so the load measures the
            // gateway, not the plan: the POST phase leaves every job queued, far past any real plan's concurrency.
            await using (var plan = dataSource.CreateCommand(
                """
                insert into plans (id, name, max_duration_ms, max_concurrent_jobs, priority, quota_ms, requests_per_minute, overage_policy)
                values ('benchmark', 'Benchmark', 300000, 100000000, 2, 1000000000000, 1000000000, 'block')
                """))
            {
                await plan.ExecuteNonQueryAsync();
            }

            var tenant = await accounts.CreateTenantAsync("Benchmark", "benchmark");
            key = (await accounts.CreateKeyAsync(tenant.Id, "bench", test: true)).Key;

            // Each tenant's admissions are serialised by its row lock and count its open jobs, so the POST phase
            // spreads over one tenant per client, as many customers would, instead of piling every job on one.
            for (var i = 0; i < Concurrency; i++)
            {
                var poster = await accounts.CreateTenantAsync($"Benchmark poster {i}", "benchmark");
                postKeys.Add((await accounts.CreateKeyAsync(poster.Id, "bench", test: true)).Key);
            }
        }

        var restUrl = $"http://127.0.0.1:{FreePort()}";
        var audio = Directory.CreateTempSubdirectory("mureka-bench-audio-");
        await using var gateway = GatewayApp.Build(
        [
            $"--Gateway:RestUrl={restUrl}",
            $"--Gateway:GrpcUrl=http://127.0.0.1:{FreePort()}",
            $"--Gateway:ConnectionString={connectionString};Maximum Pool Size=64",
            "--Gateway:DispatchEnabled=false",
            $"--Gateway:AudioRoot={audio.FullName}",
            "--Gateway:AudioRootMayBeTemporary=true",
            "--Logging:LogLevel:Default=Warning",
            .. (redisServer is null ? Array.Empty<string>() : [$"--Gateway:RateLimit:Redis={redisServer.ConnectionString}"]),
        ]);
        await gateway.StartAsync();

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, UseProxy = false })
        {
            BaseAddress = new Uri(restUrl),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        // One job left queued (read from PostgreSQL every time) and one finished (canceled here, since
        // nothing renders): finished generations are immutable and served from memory.
        var queuedId = await CreateAsync(client);
        var finishedId = await CreateAsync(client);
        (await client.PostAsync($"/v1/generations/{finishedId}/cancel", null)).EnsureSuccessStatusCode();
        var getBody = await client.GetStringAsync($"/v1/generations/{finishedId}");

        var bareUrl = $"http://127.0.0.1:{FreePort()}";
        await using var bare = await BareKestrel.StartAsync(bareUrl, getBody);
        using var bareClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, UseProxy = false }) { BaseAddress = new Uri(bareUrl) };

        var warmup = TimeSpan.FromSeconds(2);
        var results = new List<LoadResult>
        {
            await LoadGenerator.RunAsync("GET bare Kestrel", Concurrency, warmup, duration, Get(finishedId), bareClient),
            await LoadGenerator.RunAsync("GET /v1/generations/{id} finished", Concurrency, warmup, duration, Get(finishedId), client),
            await LoadGenerator.RunAsync("GET /v1/generations/{id} queued (PostgreSQL)", Concurrency, warmup, duration, Get(queuedId), client),
            await LoadGenerator.RunAsync($"POST /v1/generations ({Concurrency} tenants)", Concurrency, warmup, duration, Post(postKeys), client),
        };

        output.WriteLine($"rate limits: {(redisServer is null ? "in-process token buckets" : "Redis token buckets (shared by replicas)")}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores; load generator, gateway and PostgreSQL share them; {Concurrency} concurrent clients, {duration.TotalSeconds:0} s per phase"));
        output.WriteLine();
        output.WriteLine("  scenario                                          requests/s     p50 ms     p99 ms   failures");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Name,-48} {r.RequestsPerSecond,11:0}   {r.P50Ms,8:0.00}   {r.P99Ms,8:0.00}   {r.Failures,8}"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"authenticated GET finished / bare Kestrel = {results[1].RequestsPerSecond / results[0].RequestsPerSecond:0.00} (target >= 0.5)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"authenticated GET queued / bare Kestrel = {results[2].RequestsPerSecond / results[0].RequestsPerSecond:0.00}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accepted POST/s = {results[3].RequestsPerSecond:0} (target >= 1000)"));

        await gateway.StopAsync();
        audio.Delete(recursive: true);
        return 0;
    }

    private static async Task<string> CreateAsync(HttpClient client)
    {
        using var created = await client.PostAsJsonAsync("/v1/generations", new { genre = "house", duration_ms = 10_000, seed = 1 });
        created.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    private static Func<HttpClient, CancellationToken, Task<bool>> Get(string id) => async (client, ct) =>
    {
        using var response = await client.GetAsync($"/v1/generations/{id}", HttpCompletionOption.ResponseContentRead, ct);
        return response.StatusCode == HttpStatusCode.OK;
    };

    private static Func<HttpClient, CancellationToken, Task<bool>> Post(List<string> keys)
    {
        var next = 0;
        return async (client, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/generations")
            {
                Content = new StringContent("{\"genre\":\"house\",\"duration_ms\":10000}", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys[(int)((uint)Interlocked.Increment(ref next) % (uint)keys.Count)]);
            using var response = await client.SendAsync(request, ct);
            return response.StatusCode == HttpStatusCode.Accepted;
        };
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
