using System.Diagnostics;

namespace Mureka.Streaming.Benchmarks;

/// <summary>What one stack did under one scenario over one protocol: every request's trace and the wall time.</summary>
public sealed record ScenarioRun(string Stack, string Protocol, Scenario Scenario, double WallSeconds, IReadOnlyList<RequestTrace> Traces)
{
    /// <summary>
    /// Runs <paramref name="scenario"/>: its clients start together, each following <paramref name="reps"/> renders
    /// one after another (a closed loop), so audio seconds per second is what the stack sustains at that concurrency.
    /// </summary>
    public static async Task<ScenarioRun> RunAsync(
        string stack,
        StreamingClient client,
        Scenario scenario,
        int reps,
        Func<int, int, TrackRequest> request,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var perClient = await Task.WhenAll(Enumerable.Range(0, scenario.Clients).Select(async c =>
        {
            var traces = new List<RequestTrace>(reps);
            for (var rep = 0; rep < reps; rep++)
            {
                traces.Add(await client.RunAsync(request(c, rep), cancellationToken));
            }

            return traces;
        }));
        return new ScenarioRun(stack, client.Protocol, scenario, clock.Elapsed.TotalSeconds, [.. perClient.SelectMany(t => t)]);
    }

    public IEnumerable<RequestTrace> Succeeded => Traces.Where(t => t.Error is null);

    public int Failures => Traces.Count(t => t.Error is not null);

    public double AudioSecondsPerSecond => Succeeded.Sum(t => t.AudioSeconds) / WallSeconds;

    public Summary FirstAudioSeconds => Summary.Of(Succeeded.Select(t => t.FirstAudioMs!.Value / 1000));

    public Summary FinishedSeconds => Summary.Of(Succeeded.Select(t => t.FinishedMs!.Value / 1000));

    /// <summary>First audio as a part of the time to finished, per request: under 0.5 means audio came before half the render.</summary>
    public Summary FirstAudioFraction => Summary.Of(Succeeded.Select(t => t.FirstAudioMs!.Value / t.FinishedMs!.Value));

    public Summary AudioChunks => Summary.Of(Succeeded.Select(t => (double)t.AudioChunks));
}

/// <summary>Median and maximum of a sample; NaN for an empty one.</summary>
public readonly record struct Summary(double Median, double Max)
{
    public static Summary Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Summary(double.NaN, double.NaN);
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Summary(median, sorted[^1]);
    }
}
