using System.Globalization;

namespace Mureka.Streaming.Benchmarks;

/// <summary>
/// The streaming targets, checked on the "after" stack per protocol: first audio within half a second (median) and
/// a second (max) for one client at every length, within a second for concurrent clients, 1.5 times the baseline's
/// audio seconds per second under concurrency, and first audio before half of the time to finished.
/// </summary>
internal static class TargetsWriter
{
    private const double SingleMedianSeconds = 0.5;
    private const double MaxSeconds = 1.0;
    private const double ConcurrentThroughputRatio = 1.5;
    private const double FirstAudioFraction = 0.5;

    public static void Write(TextWriter output, IReadOnlyList<ScenarioRun> runs)
    {
        output.WriteLine();
        output.WriteLine("Targets (after):");
        output.WriteLine();
        foreach (var protocol in runs.Select(r => r.Protocol).Distinct())
        {
            var after = runs.Where(r => r.Protocol == protocol && r.Stack == StreamingReport.After).ToList();
            var single = after.Where(r => r.Scenario.Clients == 1).ToList();
            var concurrent = after.Where(r => r.Scenario.Clients > 1).ToList();
            Check(output, protocol, FormattableString.Invariant($"1 client, first audio median <= {SingleMedianSeconds} s at every length"), single, r => r.FirstAudioSeconds.Median, worst => worst <= SingleMedianSeconds, "0.00 s");
            Check(output, protocol, FormattableString.Invariant($"1 client, first audio max <= {MaxSeconds} s at every length"), single, r => r.FirstAudioSeconds.Max, worst => worst <= MaxSeconds, "0.00 s");
            Check(output, protocol, FormattableString.Invariant($"concurrent clients, first audio max <= {MaxSeconds} s"), concurrent, r => r.FirstAudioSeconds.Max, worst => worst <= MaxSeconds, "0.00 s");
            Check(output, protocol, FormattableString.Invariant($"concurrent clients, audio s/s >= {ConcurrentThroughputRatio}x before"), concurrent, r => ThroughputRatio(runs, r), worst => worst >= ConcurrentThroughputRatio, "0.00x", higherIsBetter: true);
            Check(output, protocol, FormattableString.Invariant($"first audio before {FirstAudioFraction:0%} of the time to finished"), after, r => r.FirstAudioFraction.Max, worst => worst < FirstAudioFraction, "0.00");
        }
    }

    private static double ThroughputRatio(IReadOnlyList<ScenarioRun> runs, ScenarioRun after) =>
        after.AudioSecondsPerSecond / runs.Single(r => r.Stack == StreamingReport.Before && r.Protocol == after.Protocol && r.Scenario == after.Scenario).AudioSecondsPerSecond;

    private static void Check(
        TextWriter output,
        string protocol,
        string target,
        List<ScenarioRun> runs,
        Func<ScenarioRun, double> measure,
        Func<double, bool> met,
        string format,
        bool higherIsBetter = false)
    {
        if (runs.Count == 0)
        {
            return;
        }

        var worst = higherIsBetter ? runs.MinBy(measure)! : runs.MaxBy(measure)!;
        var value = measure(worst);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"- {protocol}: {target}: {(met(value) ? "met" : "not met")} (worst {value.ToString(format, CultureInfo.InvariantCulture)} at {worst.Scenario.Clients} x {worst.Scenario.Seconds} s)"));
    }
}
