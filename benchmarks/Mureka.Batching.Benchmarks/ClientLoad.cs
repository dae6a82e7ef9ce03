using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mureka.Batching.Benchmarks;

public sealed record LevelResult(string Mode, int Clients, int Jobs, int Failures, double RenderedSeconds, double WallSeconds, double P50Ms, double P95Ms)
{
    public double AudioSecondsPerSecond => RenderedSeconds / WallSeconds;
}

/// <summary>
/// Closed-loop clients: each creates a short track, waits for it (Prefer: wait, then polling),
/// and immediately creates the next, until the time is up. Latency is create → finished.
/// </summary>
public static class ClientLoad
{
    private static readonly string[] Genres = ["house", "jazz", "ambient", "rock", "chiptune", "solo-piano"];

    public static async Task<LevelResult> RunAsync(string mode, HttpClient client, int clients, TimeSpan duration, int trackMs)
    {
        var latencies = new List<double>[clients];
        var rendered = new double[clients];
        var failures = new int[clients];
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            latencies[c] = [];
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var (ok, seconds) = await OneJobAsync(client, new
                {
                    genre = Genres[(c + n) % Genres.Length],
                    duration_ms = trackMs,
                    seed = (c * 1000) + n,
                });
                n++;
                if (ok)
                {
                    latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    rendered[c] += seconds;
                }
                else
                {
                    failures[c]++;
                }
            }
        }));
        clock.Stop();
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double P(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(p * all.Length))];
        return new LevelResult(mode, clients, all.Length, failures.Sum(), rendered.Sum(), clock.Elapsed.TotalSeconds, P(0.5), P(0.95));
    }

    private static async Task<(bool Ok, double RenderedSeconds)> OneJobAsync(HttpClient client, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/generations") { Content = JsonContent.Create(body) };
        request.Headers.Add("Prefer", "wait=60");
        using var response = await client.SendAsync(request);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
        {
            return (false, 0);
        }

        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = created.RootElement;
        var id = root.GetProperty("id").GetString()!;
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 120);
        while (true)
        {
            var status = root.GetProperty("status").GetString();
            if (status == "succeeded")
            {
                return (true, root.GetProperty("rendered_seconds").GetDouble());
            }

            if (status is "failed" or "canceled" || Stopwatch.GetTimestamp() > deadline)
            {
                return (false, 0);
            }

            // Only reached when Prefer: wait ran out; a client polling politely.
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            var text = await client.GetStringAsync($"/v1/generations/{id}");
            root = JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
