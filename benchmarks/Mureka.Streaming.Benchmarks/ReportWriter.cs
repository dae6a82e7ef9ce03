using System.Globalization;
using System.Text.Json;

namespace Mureka.Streaming.Benchmarks;

/// <summary>What the report says about the run itself: the machine and both stacks' configuration.</summary>
/// <param name="LoadAverages">The machine's 1-minute load average when the measuring began and ended (Linux), to tell a busy machine's numbers apart.</param>
public sealed record ReportHeader(int Cores, string LoadAverages, BenchmarkOptions Options, string BeforeDescription, string AfterDescription);

/// <summary>The before/after table (markdown) and, optionally, every request's timestamped events (JSON).</summary>
internal static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static void WriteMarkdown(TextWriter output, ReportHeader header, IReadOnlyList<ScenarioRun> runs)
    {
        var o = header.Options;
        output.WriteLine("## Streaming latency, before and after");
        output.WriteLine();
        output.WriteLine($"- machine: {header.Cores} cores, shared by the clients, both stacks (host and gateway processes), PostgreSQL and Redis; anything else running on it shows in the numbers (1-minute load average at start and end: {header.LoadAverages})");
        output.WriteLine($"- before: {header.BeforeDescription}{Overrides(o.BaselineEnvironment)}");
        output.WriteLine($"- after: {header.AfterDescription}{Overrides(o.AfterEnvironment)}");
        output.WriteLine($"- each stack as ops/dev-stack.sh runs it: one inference host process, one gateway process (shipped appsettings.json, JSON logs, Redis rate limits), enterprise plan");
        output.WriteLine($"- requests: {o.Genre}, {o.Format}, fresh seeds (the same for both stacks); {o.Reps} per client per scenario, clients closed-loop; one warm-up render per stack and protocol first");
        output.WriteLine("- first audio: create sent -> first audio bytes (for WAV, past the header); finished: create sent -> finished generation (gRPC StreamGeneration) or last byte of GET /v1/generations/{id}/audio/stream (REST); audio s/s: audio seconds of all clients / wall seconds");
        output.WriteLine("- first/finished: first audio as a part of that request's time to finished (below 0.5: audio arrived before half the render)");
        output.WriteLine();
        output.WriteLine("| protocol | clients x s | stack | ok / failed | first audio med / max s | finished med / max s | audio s/s | first/finished med / max | chunks med |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var group in runs.GroupBy(r => (r.Protocol, r.Scenario)))
        {
            var before = group.Single(r => r.Stack == StreamingReport.Before);
            var after = group.Single(r => r.Stack == StreamingReport.After);
            foreach (var run in new[] { before, after })
            {
                output.WriteLine(Invariant(
                    $"| {run.Protocol} | {run.Scenario.Clients} x {run.Scenario.Seconds} | {run.Stack} | {run.Succeeded.Count()} / {run.Failures} | {Pair(run.FirstAudioSeconds)} | {Pair(run.FinishedSeconds)} | {run.AudioSecondsPerSecond:0.0} | {Pair(run.FirstAudioFraction)} | {run.AudioChunks.Median:0} |"));
            }

            output.WriteLine(Invariant(
                $"| {before.Protocol} | {before.Scenario.Clients} x {before.Scenario.Seconds} | after/before | | {Ratio(after.FirstAudioSeconds, before.FirstAudioSeconds)} | {Ratio(after.FinishedSeconds, before.FinishedSeconds)} | {after.AudioSecondsPerSecond / before.AudioSecondsPerSecond:0.00} | | |"));
        }

        WriteTimelines(output, runs);
        TargetsWriter.Write(output, runs);
        output.WriteLine();
        foreach (var failure in runs.SelectMany(r => r.Traces.Where(t => t.Error is not null).Select(t => (r, t))).Take(10))
        {
            output.WriteLine(Invariant($"- failed: {failure.r.Stack} {failure.r.Protocol} {failure.r.Scenario} seed {failure.t.Seed} ({failure.t.Id}): {failure.t.Error}"));
        }
    }

    public static async Task WriteJsonAsync(string path, ReportHeader header, IReadOnlyList<ScenarioRun> runs, CancellationToken cancellationToken)
    {
        var document = new
        {
            header.Cores,
            header.LoadAverages,
            Before = header.BeforeDescription,
            After = header.AfterDescription,
            BeforeEnvironment = header.Options.BaselineEnvironment,
            AfterEnvironment = header.Options.AfterEnvironment,
            header.Options.Genre,
            header.Options.Format,
            header.Options.Reps,
            Runs = runs.Select(r => new
            {
                r.Stack,
                r.Protocol,
                r.Scenario.Clients,
                r.Scenario.Seconds,
                r.WallSeconds,
                r.AudioSecondsPerSecond,
                FirstAudioSeconds = r.FirstAudioSeconds,
                FinishedSeconds = r.FinishedSeconds,
                FirstAudioFraction = r.FirstAudioFraction,
                Requests = r.Traces.Select(t => new { t.Id, t.Seed, t.AudioSeconds, t.Error, t.AudioBytes, t.Events }),
            }),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, document, Json, cancellationToken);
    }

    // The chunk timestamps behind "first audio before half the render": the median request of each stack's
    // longest one-client scenario, per protocol.
    private static void WriteTimelines(TextWriter output, IReadOnlyList<ScenarioRun> runs)
    {
        var single = runs.Where(r => r.Scenario.Clients == 1).ToList();
        if (single.Count == 0)
        {
            return;
        }

        var longest = single.Max(r => r.Scenario.Seconds);
        output.WriteLine();
        output.WriteLine(Invariant($"Audio chunk arrivals (s after create) of the median-finish request, 1 client x {longest} s:"));
        output.WriteLine();
        var protocols = runs.Select(r => r.Protocol).Distinct().ToList();
        foreach (var run in single.Where(r => r.Scenario.Seconds == longest).OrderBy(r => protocols.IndexOf(r.Protocol)).ThenBy(r => r.Stack == StreamingReport.After))
        {
            var traces = run.Succeeded.OrderBy(t => t.FinishedMs).ToList();
            if (traces.Count == 0)
            {
                continue;
            }

            var median = traces[traces.Count / 2];
            var chunks = median.Events.Where(e => e.Kind == "audio").Select(e => e.AtMs / 1000).ToList();
            var shown = chunks.Count <= 12 ? chunks : [.. chunks.Take(6), double.NaN, .. chunks.TakeLast(5)];
            output.WriteLine(Invariant(
                $"- {run.Protocol} {run.Stack}: {chunks.Count} chunks at {string.Join(", ", shown.Select(c => double.IsNaN(c) ? "..." : c.ToString("0.00", CultureInfo.InvariantCulture)))}; finished {median.FinishedMs / 1000:0.00}"));
        }
    }

    private static string Overrides(Dictionary<string, string> environment) =>
        environment.Count == 0 ? "" : "; environment " + string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}"));

    private static string Pair(Summary s) => Invariant($"{s.Median:0.00} / {s.Max:0.00}");

    private static string Ratio(Summary after, Summary before) => Invariant($"{after.Median / before.Median:0.00} / {after.Max / before.Max:0.00}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
