using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Headers;
using Mureka.Accounts;
using Mureka.Gateway;
using Mureka.Inference.Host;
using Mureka.Migrations;
using Mureka.Testing;
using Npgsql;

namespace Mureka.Batching.Benchmarks;

/// <summary>
/// One PostgreSQL, one real inference host (CPU), and a gateway started twice: with dynamic
/// batching (max batch 16, max queue delay 50 ms) and with max batch size 1. Each is driven by
/// 1, 4, 16 and 64 closed-loop clients creating 3 s tracks. Reports rendered audio seconds per
/// wall second, p50/p95 latency, and the batcher's queue wait at one client (dispatch overhead).
/// </summary>
internal static class BatchingReport
{
    private const int TrackMs = 3_000;
    private static readonly int[] ClientLevels = [1, 4, 16, 64];
    private static readonly TimeSpan MaxQueueDelay = TimeSpan.FromMilliseconds(50);

    public static async Task<int> RunAsync(TextWriter output, TimeSpan perLevel)
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("bench");
        DatabaseMigrator.Migrate(connectionString);
        string key;
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            var accounts = new AccountsService(dataSource, TimeProvider.System);
            var tenant = await accounts.CreateTenantAsync("Benchmark", "enterprise");
            key = (await accounts.CreateKeyAsync(tenant.Id, "bench", test: true)).Key;
        }

        await using var host = HostApp.Build([$"--urls=http://127.0.0.1:{FreeTcpPort.OnLoopback()}", "--Logging:LogLevel:Default=Warning"], o =>
        {
            o.MaxBatchSize = 16;
            o.Capacity = 64;
        });
        await host.StartAsync();
        var hostUrl = HostApp.GetListeningAddress(host).ToString().TrimEnd('/');

        var results = new List<LevelResult>();
        var overhead = new Dictionary<string, double>();
        foreach (var (mode, maxBatch) in new[] { ("batching", 16), ("batch size 1", 1) })
        {
            var queueWaits = new List<double>();
            using var listener = QueueWaitListener(queueWaits);
            var restUrl = $"http://127.0.0.1:{FreeTcpPort.OnLoopback()}";
            var audio = Directory.CreateTempSubdirectory("mureka-bench-audio-");
            await using (var gateway = GatewayApp.Build(
            [
                $"--Gateway:RestUrl={restUrl}",
                $"--Gateway:GrpcUrl=http://127.0.0.1:{FreeTcpPort.OnLoopback()}",
                $"--Gateway:ConnectionString={connectionString};Maximum Pool Size=80",
                $"--Gateway:Hosts:0={hostUrl}",
                $"--Gateway:AudioRoot={audio.FullName}",
                "--Gateway:AudioRootMayBeTemporary=true",
                $"--Gateway:Batching:Default:MaxBatchSize={maxBatch}",
                $"--Gateway:Batching:Default:MaxQueueDelay={MaxQueueDelay}",
                "--Gateway:Batching:Default:MaxQueueSize=1000",
                "--Logging:LogLevel:Default=Warning",
            ]))
            {
                await gateway.StartAsync();
                using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 128, UseProxy = false })
                {
                    BaseAddress = new Uri(restUrl),
                    Timeout = TimeSpan.FromMinutes(3),
                };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
                await ClientLoad.RunAsync(mode, client, 2, TimeSpan.FromSeconds(3), TrackMs);
                foreach (var clients in ClientLevels)
                {
                    lock (queueWaits)
                    {
                        queueWaits.Clear();
                    }

                    results.Add(await ClientLoad.RunAsync(mode, client, clients, perLevel, TrackMs));
                    if (clients == 1)
                    {
                        lock (queueWaits)
                        {
                            overhead[mode] = Percentile(queueWaits, 0.99);
                        }
                    }
                }

                await gateway.StopAsync();
            }

            audio.Delete(recursive: true);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores shared by clients, gateway, host and PostgreSQL; {TrackMs / 1000} s tracks; {perLevel.TotalSeconds:0} s per level"));
        output.WriteLine();
        output.WriteLine("  mode           clients   jobs   fail   audio s/s    p50 ms    p95 ms");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Mode,-13}  {r.Clients,7}  {r.Jobs,5}  {r.Failures,5}   {r.AudioSecondsPerSecond,9:0.00}  {r.P50Ms,8:0}  {r.P95Ms,8:0}"));
        }

        output.WriteLine();
        foreach (var clients in ClientLevels)
        {
            var on = results.Single(r => r.Mode == "batching" && r.Clients == clients);
            var off = results.Single(r => r.Mode != "batching" && r.Clients == clients);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {clients,2} clients: throughput x{on.AudioSecondsPerSecond / off.AudioSecondsPerSecond:0.00}, p95 {on.P95Ms:0} ms vs {off.P95Ms:0} ms"));
        }

        output.WriteLine();
        foreach (var (mode, p99) in overhead)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  queue wait p99 at 1 client ({mode}): {p99:0.0} ms (target <= max queue delay {MaxQueueDelay.TotalMilliseconds:0} ms + 5 ms)"));
        }

        await host.StopAsync();
        return 0;
    }

    private static MeterListener QueueWaitListener(List<double> sink)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Mureka.Batching" && instrument.Name == "mureka.batching.queue.wait")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (sink)
            {
                sink.Add(value);
            }
        });
        listener.Start();
        return listener;
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }
}
