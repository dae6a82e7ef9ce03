using System.Diagnostics;
using System.Globalization;
using Mureka.Engine.Composer;
using Mureka.Spec;

namespace Mureka.Engine.Benchmarks;

/// <summary>
/// A batch of 30 s jazz tracks through <see cref="MurekaEngine.StartBatch"/>, as a host runs it: when each item's
/// audio is ready, with one render worker (the items one after another, as before render workers) and with one per
/// core. The two take turns run by run, so load from outside the benchmark falls on both alike; the run with the
/// median last item is shown.
/// </summary>
internal static class BatchReport
{
    private const int Runs = 3;

    public static async Task<int> RunAsync(TextWriter output, int items, CancellationToken cancellationToken)
    {
        var threads = Math.Min(2, Environment.ProcessorCount);
        var requests = Enumerable.Range(0, items).Select(i => JazzTrack(1 + i)).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, ORT threads {threads}; batch of {items} x 30 s jazz (seconds from start to each item's audio)"));
        output.WriteLine("  workers   first    median   last");
        var engines = new[] { 1, Environment.ProcessorCount }.Distinct()
            .Select(workers => MurekaEngine.Create(new EngineOptions { RenderWorkers = workers, Composer = new ComposerRuntimeOptions { IntraOpThreads = threads } }))
            .ToList();
        try
        {
            var runs = engines.Select(_ => new List<double[]>()).ToList();
            foreach (var engine in engines)
            {
                await TimeBatchAsync(engine, requests.Take(1).ToList(), cancellationToken);
            }

            for (var r = 0; r < Runs; r++)
            {
                for (var e = 0; e < engines.Count; e++)
                {
                    runs[e].Add(await TimeBatchAsync(engines[e], requests, cancellationToken));
                }
            }

            for (var e = 0; e < engines.Count; e++)
            {
                var median = runs[e].OrderBy(t => t[^1]).ElementAt(Runs / 2);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {engines[e].RenderWorkers,7}   {median[0],6:0.00}   {median[median.Length / 2],6:0.00}   {median[^1],6:0.00}"));
            }
        }
        finally
        {
            foreach (var engine in engines)
            {
                engine.Dispose();
            }
        }

        return 0;
    }

    /// <summary>Seconds from the start to each item's result, in the order they arrived.</summary>
    private static async Task<double[]> TimeBatchAsync(MurekaEngine engine, IReadOnlyList<ResolvedMusicSpec> requests, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var batch = engine.StartBatch([.. requests.Select(r => new BatchItem(r))], cancellationToken);
        var arrivals = await Task.WhenAll(batch.Items.Select(async item =>
        {
            await item.ConfigureAwait(false);
            return clock.Elapsed.TotalSeconds;
        }));
        await batch.Completion;
        return [.. arrivals.Order()];
    }

    private static ResolvedMusicSpec JazzTrack(long seed) => SpecResolver.Resolve(new MusicSpec
    {
        Genre = "jazz",
        DurationMs = 30_000,
        Seed = seed,
        Format = "wav",
    });
}
