using System.Diagnostics;

namespace Mureka.Gateway.Benchmarks;

/// <summary>Result of one closed-loop load run: throughput and latency percentiles.</summary>
public sealed record LoadResult(string Name, int Concurrency, long Requests, long Failures, double Seconds, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// A closed-loop load generator: N workers each send the next request as soon as the previous one
/// answers, for a fixed time after a warm-up. Bounded in time; loopback targets only.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(
        string name,
        int concurrency,
        TimeSpan warmup,
        TimeSpan duration,
        Func<HttpClient, CancellationToken, Task<bool>> send,
        HttpClient client)
    {
        using (var warm = new CancellationTokenSource(warmup))
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => LoopAsync(client, send, null, warm.Token)));
        }

        var latencies = Enumerable.Range(0, concurrency).Select(_ => new List<double>(1 << 16)).ToArray();
        var failures = new long[concurrency];
        var clock = Stopwatch.StartNew();
        using (var run = new CancellationTokenSource(duration))
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => LoopAsync(client, send, (latencies[i], failures, i), run.Token)));
        }

        clock.Stop();
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(p * all.Length))];
        return new LoadResult(name, concurrency, all.Length, failures.Sum(), clock.Elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99));
    }

    private static async Task LoopAsync(
        HttpClient client,
        Func<HttpClient, CancellationToken, Task<bool>> send,
        (List<double> Latencies, long[] Failures, int Index)? record,
        CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            bool ok;
            try
            {
                ok = await send(client, CancellationToken.None);
            }
            catch (HttpRequestException)
            {
                ok = false;
            }

            if (record is { } r)
            {
                if (ok)
                {
                    r.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    r.Failures[r.Index]++;
                }
            }
        }
    }
}
