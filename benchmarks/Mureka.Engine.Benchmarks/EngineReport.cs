using System.Diagnostics;
using System.Globalization;
using Mureka.Engine.Composer;
using Mureka.Engine.Mastering;
using Mureka.Engine.Mixing;
using Mureka.Engine.Rendering;
using Mureka.Spec;

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

        StageReport(engine, output, cancellationToken);
        return 0;
    }

    /// <summary>The same 30 s track stage by stage: dry render per soundfont, the mix stage alone, mastering.</summary>
    private static void StageReport(MurekaEngine engine, TextWriter output, CancellationToken cancellationToken)
    {
        var request = Workloads.ThirtySecondTrack("wav");
        var score = engine.ComposeScores([request], cancellationToken)[0];
        var options = new RenderOptions(request.SampleRate, MurekaEngine.FrameCount(request), request.Loop);
        output.WriteLine();
        output.WriteLine("stages of the 30 s track (median of 3, seconds)");
        RenderedTracks tracks;
        foreach (var soundFont in new[] { SoundFontLocator.Locate(), FluidR3 }.Where(File.Exists).Distinct())
        {
            using var renderer = new ScoreRenderer(soundFont);
            renderer.RenderTracks(score, options, null, cancellationToken);
            var seconds = Median(() => renderer.RenderTracks(score, options, null, cancellationToken));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  render (dry tracks), {Path.GetFileName(soundFont),-28} {seconds,7:0.000}"));
        }

        using (var renderer = new ScoreRenderer(SoundFontLocator.Locate()))
        {
            tracks = renderer.RenderTracks(score, options, null, cancellationToken);
        }

        var profile = MixProfiles.For(request.Genre);
        var mixOptions = new MixOptions(request.Seed, request.Loop);
        var mix = Median(() => ScoreMixer.Mix(score, tracks, profile, mixOptions, cancellationToken));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  mix stage ({profile.GenreId,-14})                      {mix,7:0.000}"));
        var stems = ScoreMixer.Mix(score, tracks, profile, mixOptions, cancellationToken);
        var master = Median(() => new AudioMaster().Master(stems, new MasteringOptions()));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  master                                           {master,7:0.000}"));
    }

    private const string FluidR3 = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

    private static double Median(Func<object> run)
    {
        var times = new List<double>();
        for (var r = 0; r < 3; r++)
        {
            var sw = Stopwatch.StartNew();
            GC.KeepAlive(run());
            times.Add(sw.Elapsed.TotalSeconds);
        }

        return times.Order().ElementAt(1);
    }

    private static async Task<double> RenderOnceAsync(MurekaEngine engine, ResolvedMusicSpec request, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var result = await engine.RenderAsync(request, null, cancellationToken);
        using var sink = new MemoryStream();
        await result.WriteAsync(sink, cancellationToken);
        sw.Stop();
        return sw.Elapsed.TotalSeconds;
    }
}
