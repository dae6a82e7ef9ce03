using System.Diagnostics;
using System.Globalization;
using Dapper;
using Mureka.Accounts;
using Mureka.Migrations;
using Mureka.Testing;
using Npgsql;

namespace Mureka.Gateway.Benchmarks;

/// <summary>
/// Webhooks on a throwaway PostgreSQL: what the outbox trigger adds to each status change (no endpoint,
/// 1 and 16 subscribed endpoints), and deliveries per second from one and from two gateway replicas to a
/// bare Kestrel receiver on loopback.
/// </summary>
internal static class WebhookReport
{
    private static readonly string[] BothEvents = ["generation.succeeded", "generation.failed"];

    // What the gateway stores for {"duration_ms": 2000}; the sender renders it into every event.
    private const string Resolved =
        """
        {"model":"mureka-compose-1","prompt":"","genre":"lofi-hip-hop","mood":"calm","bpm":82,"key":"D minor","time_signature":"4/4","duration_ms":2000,
         "instruments":["piano","bass","drums"],"intensity":2,"seed":1,"format":"mp3","sample_rate":44100,"bit_depth":16,"stems":false,"loop":false}
        """;

    public static async Task<int> RunAsync(TextWriter output, int events)
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("bench_webhooks");
        DatabaseMigrator.Migrate(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var accounts = new AccountsService(dataSource, TimeProvider.System);

        var receiverUrl = $"http://127.0.0.1:{FreeTcpPort.OnLoopback()}";
        var received = 0;
        await using var receiver = await StartReceiverAsync(receiverUrl, () => Interlocked.Increment(ref received));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores shared by PostgreSQL, gateways and receiver; {events} generations per case"));
        output.WriteLine();
        output.WriteLine("  status change (one autocommit update per job)       µs per update");
        foreach (var endpoints in new[] { 0, 1, 16 })
        {
            var tenant = (await accounts.CreateTenantAsync($"trigger-{endpoints}", "enterprise")).Id;
            await AddEndpointsAsync(dataSource, tenant, endpoints, receiverUrl);
            var ids = await InsertQueuedAsync(dataSource, tenant, events);
            var elapsed = await FailOneByOneAsync(dataSource, ids);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {endpoints,2} subscribed endpoints                             {elapsed.TotalMicroseconds / events,10:0}"));
        }

        // The trigger runs above wrote 17 deliveries per job; only the delivery runs below are sent.
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("delete from webhook_endpoints");
        }

        output.WriteLine();
        output.WriteLine("  delivery (receiver answers 204)                     deliveries/s   sent   duplicates");
        foreach (var replicas in new[] { 1, 2 })
        {
            var tenant = (await accounts.CreateTenantAsync($"delivery-{replicas}", "enterprise")).Id;
            await AddEndpointsAsync(dataSource, tenant, 1, receiverUrl + "/hooks");
            var ids = await InsertQueuedAsync(dataSource, tenant, events);
            Interlocked.Exchange(ref received, 0);
            var gateways = new List<WebApplication>();
            for (var i = 0; i < replicas; i++)
            {
                gateways.Add(await StartGatewayAsync(connectionString));
            }

            var started = Stopwatch.GetTimestamp();
            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                await connection.ExecuteAsync("update generations set status = 'failed', error = 'bench', finished_at = now(), updated_at = now() where id = any(@ids)", new { ids });
                while (await connection.ExecuteScalarAsync<long>("select count(*) from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where e.tenant_id = @tenant and d.status = 'pending'", new { tenant }) > 0)
                {
                    await Task.Delay(20);
                }
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            foreach (var gateway in gateways)
            {
                await gateway.StopAsync();
                await gateway.DisposeAsync();
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {replicas} gateway replica(s)                                 {events / elapsed.TotalSeconds,10:0}   {received,5}   {received - events,8}"));
        }

        return 0;
    }

    private static async Task AddEndpointsAsync(NpgsqlDataSource dataSource, Guid tenant, int count, string url)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var i = 0; i < count; i++)
        {
            await connection.ExecuteAsync(
                "insert into webhook_endpoints (id, tenant_id, url, events, secret, created_at, updated_at) values (@id, @tenant, @url, @events, @secret, now(), now())",
                new { id = Guid.CreateVersion7(), tenant, url, events = BothEvents, secret = Webhooks.WebhookSecrets.Create() });
        }
    }

    private static async Task<Guid[]> InsertQueuedAsync(NpgsqlDataSource dataSource, Guid tenant, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into generations (id, tenant_id, status, model, request, resolved, created_at, updated_at, deadline_at)
            select id, @tenant, 'queued', 'mureka-compose-1', '{}', @resolved::jsonb, now(), now(), now() + interval '1 hour' from unnest(@ids) as id
            """, new { tenant, ids, resolved = Resolved });
        return ids;
    }

    private static async Task<TimeSpan> FailOneByOneAsync(NpgsqlDataSource dataSource, Guid[] ids)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var started = Stopwatch.GetTimestamp();
        foreach (var id in ids)
        {
            await connection.ExecuteAsync("update generations set status = 'failed', error = 'bench', finished_at = now(), updated_at = now() where id = @id and status = 'queued'", new { id });
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task<WebApplication> StartGatewayAsync(string connectionString)
    {
        var gateway = GatewayApp.Build(
        [
            $"--Gateway:RestUrl=http://127.0.0.1:{FreeTcpPort.OnLoopback()}",
            $"--Gateway:GrpcUrl=http://127.0.0.1:{FreeTcpPort.OnLoopback()}",
            $"--Gateway:ConnectionString={connectionString}",
            "--Gateway:DispatchEnabled=false",
            "--Gateway:AudioRootMayBeTemporary=true",
            "--Gateway:Webhooks:AllowInsecureLoopback=true",
            "--Gateway:Webhooks:PollInterval=00:00:00.050",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await gateway.StartAsync();
        return gateway;
    }

    private static async Task<WebApplication> StartReceiverAsync(string url, Action onReceived)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            onReceived();
            return Results.NoContent();
        });
        await app.StartAsync();
        return app;
    }
}
