using System.Diagnostics;
using System.Globalization;
using Mureka.Engine.Composer;

namespace Mureka.Engine.Benchmarks;

/// <summary>
/// A quick, repeatable report: sampler tokens/s per batch size and end-to-end render time for a
/// 30 s track. Medians of several runs after a warm-up; ORT uses at most two threads, as in CI.
/// </summary>
internal static class EngineReport
{
    private static readonly int[] BatchSizes = [1, 4, 16, 64];

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var threads = Math.Min(2, Environment.ProcessorCount);
        using var engine = MurekaEngine.Create(new EngineOptions { Composer = new ComposerRuntimeOptions { IntraOpThreads = threads } });
        var composer = new BatchComposer(engine.Model);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, ORT threads {threads}, provider {engine.Model.ExecutionProvider}, model {engine.Model.Info.Id} {engine.Model.Info.Version} ({engine.Model.Info.Parameters:N0} parameters)"));
        output.WriteLine();
        output.WriteLine($"sampler ({Workloads.SamplerBars} bars of 4/4 per row)");
        output.WriteLine("  batch   tokens   seconds   tokens/s   speed-up");

        composer.Compose(Workloads.SamplerBatch(2), null, cancellationToken);
        double? baseline = null;
        foreach (var size in BatchSizes)
        {
            var runs = size >= 16 ? 2 : 3;
            var samples = new List<(int Tokens, double Seconds)>();
            for (var r = 0; r < runs; r++)
            {
                var sw = Stopwatch.StartNew();
                var result = composer.Compose(Workloads.SamplerBatch(size), null, cancellationToken);
                sw.Stop();
                samples.Add((result.Sum(c => c.Tokens.Count), sw.Elapsed.TotalSeconds));
            }

            var median = samples.OrderBy(s => s.Tokens / s.Seconds).ElementAt(samples.Count / 2);
            var rate = median.Tokens / median.Seconds;
            baseline ??= rate;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {size,5}   {median.Tokens,6}   {median.Seconds,7:0.000}   {rate,8:0}   {rate / baseline.Value,7:0.00}x"));
        }

        output.WriteLine();
        output.WriteLine("end to end, 30 s corporate-pop track (compose + arrange + render + master + encode)");
        output.WriteLine("  format   seconds   x real time");
        foreach (var format in new[] { "wav", "mp3" })
        {
            var request = Workloads.ThirtySecondTrack(format);
            await RenderOnceAsync(engine, request, cancellationToken);
            var times = new List<double>();
            for (var r = 0; r < 3; r++)
            {
                times.Add(await RenderOnceAsync(engine, request, cancellationToken));
            }

            var median = times.Order().ElementAt(1);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {format,-6}   {median,7:0.000}   {30 / median,10:0.0}x"));
        }

        return 0;
    }

    private static async Task<double> RenderOnceAsync(MurekaEngine engine, Requests.ResolvedRequest request, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var result = await engine.RenderAsync(request, null, cancellationToken);
        using var sink = new MemoryStream();
        await result.WriteAsync(sink, cancellationToken);
        sw.Stop();
        return sw.Elapsed.TotalSeconds;
    }
}
