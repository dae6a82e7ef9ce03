using System.Security.Cryptography;
using Mureka.Testing;

namespace Mureka.Streaming.Benchmarks;

/// <summary>
/// Before and after in one run: two stacks (a baseline and this checkout) over one PostgreSQL and one Redis, each
/// warmed up, then every scenario over every protocol against one stack and then the other, with the same seeds,
/// so both see the same load and the same drift of a shared machine.
/// </summary>
internal static class StreamingReport
{
    public const string Before = "before";
    public const string After = "after";

    public static async Task<int> RunAsync(BenchmarkOptions options, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        await using var baseline = options.BaselineRef is { } gitRef
            ? await BaselineCheckout.BuildAsync(gitRef, options.KeepBaseline, log, cancellationToken)
            : BaselineCheckout.Current("this checkout");
        await using var postgres = await PostgresServer.StartAsync(cancellationToken);
        await using var redis = await RedisServer.StartAsync(cancellationToken);
        log.WriteLine("starting both stacks (each host warms up before it serves)");
        await using var before = await StreamingStack.StartAsync(Before, baseline.Root, postgres, redis, options.BaselineEnvironment, cancellationToken);
        await using var after = await StreamingStack.StartAsync(After, RepositoryLayout.Root, postgres, redis, options.AfterEnvironment, cancellationToken);
        StreamingStack[] stacks = [before, after];

        // Fresh seeds every run, the same for both stacks: each stack has its own database and host, so neither
        // can have seen a request before, and both render the same music.
        var firstSeed = RandomNumberGenerator.GetInt32(1, int.MaxValue) * 1000L;
        TrackRequest Request(int scenario, int protocol, int client, int rep, int seconds) =>
            new(options.Genre, options.Format, seconds, firstSeed + (((((scenario * 2L) + protocol) * 1000) + client) * 1000) + rep);

        // Warm-up: the gateway's request paths through tiered JIT, one short render per protocol, not measured.
        foreach (var stack in stacks)
        {
            foreach (var protocol in options.Protocols)
            {
                log.WriteLine($"warming up {stack.Name} over {protocol}");
                var warm = await stack.Clients[protocol].RunAsync(new TrackRequest(options.Genre, options.Format, 10, firstSeed - 1), cancellationToken);
                if (warm.Error is not null)
                {
                    throw new InvalidOperationException($"warm-up of {stack.Name} over {protocol} failed: {warm.Error}");
                }
            }
        }

        var loadAtStart = LoadAverage();
        var runs = new List<ScenarioRun>();
        for (var s = 0; s < options.Scenarios.Count; s++)
        {
            var scenario = options.Scenarios[s];
            for (var p = 0; p < options.Protocols.Count; p++)
            {
                // Alternate which stack goes first, so neither always follows the other's leftovers (GC, page cache).
                var order = ((s * options.Protocols.Count) + p) % 2 == 0 ? stacks : stacks.Reverse().ToArray();
                foreach (var stack in order)
                {
                    var (si, pi) = (s, p);
                    log.WriteLine($"{stack.Name}: {options.Protocols[p]} {scenario.Clients} client(s) x {scenario.Seconds} s, {options.Reps} each");
                    runs.Add(await ScenarioRun.RunAsync(
                        stack.Name,
                        stack.Clients[options.Protocols[p]],
                        scenario,
                        options.Reps,
                        (client, rep) => Request(si, pi, client, rep, scenario.Seconds),
                        cancellationToken));
                }
            }
        }

        var header = new ReportHeader(
            Environment.ProcessorCount, $"{loadAtStart}, {LoadAverage()}", options, baseline.Description, $"this checkout, HEAD = {await BaselineCheckout.DescribeAsync("HEAD", cancellationToken)} (plus any uncommitted changes)");
        ReportWriter.WriteMarkdown(output, header, runs);
        if (options.JsonPath is { } path)
        {
            await ReportWriter.WriteJsonAsync(path, header, runs, cancellationToken);
            log.WriteLine($"wrote {path}");
        }

        return runs.Any(r => r.Failures > 0) ? 1 : 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
