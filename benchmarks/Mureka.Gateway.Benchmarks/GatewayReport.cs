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
/// Measures the gateway a user runs: its own build output started as its own process with the shipped
/// appsettings.json and the arguments <c>ops/dev-stack.sh</c> gives it (Redis rate limits, JSON logs, management
/// port), over a throwaway PostgreSQL and Redis. Dispatch is off, so jobs are accepted and stored but nothing
/// renders. A bare Kestrel process is the yardstick; both get the same closed-loop load in the same run.
/// </summary>
internal static class GatewayReport
{
    private const int Concurrency = 32;
    private static readonly TimeSpan GatewayWarmUp = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan BareWarmUp = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(TextWriter output, TimeSpan duration)
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("bench");
        DatabaseMigrator.Migrate(connectionString);
        var keys = await CreateKeysAsync(connectionString);

        var audio = Directory.CreateTempSubdirectory("mureka-bench-audio-");
        var (gatewayProcess, urls) = DevStack.StartGateway(
            RepositoryLayout.Root, connectionString, redis.ConnectionString, audio.FullName, ["--Gateway:DispatchEnabled=false"], new Dictionary<string, string>());
        await using var gateway = gatewayProcess;
        var restUrl = urls.Rest;
        using var client = Client(restUrl, keys.Reader);
        await DevStack.WaitUntilServingAsync(client, "/healthz", gateway, "the gateway");

        // One job left queued (read from PostgreSQL every time) and one finished (canceled here, since
        // nothing renders): finished generations are immutable and served from memory.
        var queuedId = await CreateAsync(client);
        var finishedId = await CreateAsync(client);
        (await client.PostAsync($"/v1/generations/{finishedId}/cancel", null)).EnsureSuccessStatusCode();
        var bodyFile = Path.Combine(audio.FullName, "bare-body.json");
        await File.WriteAllTextAsync(bodyFile, await client.GetStringAsync($"/v1/generations/{finishedId}"));

        var bareUrl = $"http://127.0.0.1:{FreeTcpPort.OnLoopback()}";
        await using var bare = ServiceProcess.Start("dotnet",
            [typeof(GatewayReport).Assembly.Location, BareKestrel.Command, bareUrl, bodyFile], new Dictionary<string, string>());
        using var bareClient = Client(bareUrl, null);
        await DevStack.WaitUntilServingAsync(bareClient, $"/v1/generations/{finishedId}", bare, "bare Kestrel");

        // A tenant whose plan allows one request a minute: after its first, every answer is the limiter's 429.
        using var limitedClient = Client(restUrl, keys.Limited);
        (await limitedClient.GetAsync($"/v1/generations/{finishedId}")).Dispose();

        // A replica that has served for a while: every path below has been through tiered JIT compilation, which
        // takes the gateway (a far larger program than the yardstick) several seconds of its CPU after a start.
        var getFinished = Get(finishedId, HttpStatusCode.OK);
        var getLimited = Get(finishedId, HttpStatusCode.TooManyRequests);
        var getQueued = Get(queuedId, HttpStatusCode.OK);
        var post = Post(keys.Posters);
        var mixed = 0;
        await LoadGenerator.RunAsync("warm-up", Concurrency, TimeSpan.Zero, GatewayWarmUp, (_, ct) => (Interlocked.Increment(ref mixed) % 4) switch
        {
            0 => getFinished(client, ct),
            1 => getLimited(limitedClient, ct),
            2 => getQueued(client, ct),
            _ => post(client, ct),
        }, client);

        var warmup = TimeSpan.FromSeconds(2);
        var linesBefore = gateway.LinesWritten;
        var bareGet = await LoadGenerator.RunAsync("GET bare Kestrel", Concurrency, BareWarmUp, duration, getFinished, bareClient);
        var finished = await LoadGenerator.RunAsync("GET /v1/generations/{id} finished", Concurrency, warmup, duration, getFinished, client);
        var limited = await LoadGenerator.RunAsync("GET over the rate limit (429)", Concurrency, warmup, duration, getLimited, limitedClient);
        var queued = await LoadGenerator.RunAsync("GET /v1/generations/{id} queued (PostgreSQL)", Concurrency, warmup, duration, getQueued, client);
        var posts = await LoadGenerator.RunAsync($"POST /v1/generations ({Concurrency} tenants)", Concurrency, warmup, duration, post, client);
        var gatewayRequests = finished.Requests + limited.Requests + queued.Requests + posts.Requests;
        var logLines = gateway.LinesWritten - linesBefore;

        output.WriteLine("gateway: its build output as its own process, shipped appsettings.json, Redis rate limits (as ops/dev-stack.sh runs it)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores; load generator, gateway, bare Kestrel, PostgreSQL and Redis share them; {Concurrency} concurrent clients, {duration.TotalSeconds:0} s per phase"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {GatewayWarmUp.TotalSeconds:0} s of all four gateway requests mixed, then {warmup.TotalSeconds:0} s before each gateway phase; {BareWarmUp.TotalSeconds:0} s for bare Kestrel"));
        output.WriteLine();
        output.WriteLine("  scenario                                          requests/s     p50 ms     p99 ms   failures");
        foreach (var r in (LoadResult[])[bareGet, finished, limited, queued, posts])
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Name,-48} {r.RequestsPerSecond,11:0}   {r.P50Ms,8:0.00}   {r.P99Ms,8:0.00}   {r.Failures,8}"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"authenticated GET finished / bare Kestrel = {finished.RequestsPerSecond / bareGet.RequestsPerSecond:0.00} (target >= 0.5)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"authenticated GET finished p99 - bare Kestrel p99 = {finished.P99Ms - bareGet.P99Ms:+0.00;-0.00} ms (target <= +2)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"429 answer / served GET finished: requests/s {limited.RequestsPerSecond / finished.RequestsPerSecond:0.00} (target >= 1), p99 {limited.P99Ms / finished.P99Ms:0.00} (target <= 1)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"authenticated GET queued / bare Kestrel = {queued.RequestsPerSecond / bareGet.RequestsPerSecond:0.00}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accepted POST/s = {posts.RequestsPerSecond:0} (target >= 1000)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gateway log lines during the load: {logLines} for {gatewayRequests} requests"));

        await gateway.KillAsync();
        audio.Delete(recursive: true);
        return 0;
    }

    private sealed record Keys(string Reader, string Limited, List<string> Posters);

    private static async Task<Keys> CreateKeysAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var accounts = new AccountsService(dataSource, TimeProvider.System);
        // Limits stay on (the rate limiter and quota run on every request) but sized so the load measures the
        // gateway, not the plan: the POST phase leaves every job queued, far past any real plan's concurrency.
        // The second plan allows one request a minute, so its tenant measures the limiter's refusal.
        await using (var plans = dataSource.CreateCommand(
            """
            insert into plans (id, name, max_duration_ms, max_concurrent_jobs, priority, quota_ms, requests_per_minute, overage_policy)
            values ('benchmark', 'Benchmark', 300000, 100000000, 2, 1000000000000, 1000000000, 'block'),
                   ('benchmark-limited', 'Benchmark, one request a minute', 300000, 1, 2, 1000000000000, 1, 'block')
            """))
        {
            await plans.ExecuteNonQueryAsync();
        }

        var reader = await accounts.CreateTenantAsync("Benchmark", "benchmark");
        var limited = await accounts.CreateTenantAsync("Benchmark limited", "benchmark-limited");
        var posters = new List<string>();
        // Each tenant's admissions are serialised by its row lock and count its open jobs, so the POST phase
        // spreads over one tenant per client, as many customers would, instead of piling every job on one.
        for (var i = 0; i < Concurrency; i++)
        {
            var poster = await accounts.CreateTenantAsync($"Benchmark poster {i}", "benchmark");
            posters.Add((await accounts.CreateKeyAsync(poster.Id, "bench", test: true)).Key);
        }

        return new Keys(
            (await accounts.CreateKeyAsync(reader.Id, "bench", test: true)).Key,
            (await accounts.CreateKeyAsync(limited.Id, "bench", test: true)).Key,
            posters);
    }

    private static HttpClient Client(string baseUrl, string? key)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, UseProxy = false }) { BaseAddress = new Uri(baseUrl) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    private static async Task<string> CreateAsync(HttpClient client)
    {
        using var created = await client.PostAsJsonAsync("/v1/generations", new { genre = "house", duration_ms = 10_000, seed = 1 });
        created.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    private static Func<HttpClient, CancellationToken, Task<bool>> Get(string id, HttpStatusCode expected) => async (client, ct) =>
    {
        using var response = await client.GetAsync($"/v1/generations/{id}", HttpCompletionOption.ResponseContentRead, ct);
        return response.StatusCode == expected;
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
}
