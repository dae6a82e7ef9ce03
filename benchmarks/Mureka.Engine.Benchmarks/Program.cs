using BenchmarkDotNet.Running;
using Mureka.Engine.Benchmarks;

// "report" (default) prints the throughput table quickly; "bdn" runs the BenchmarkDotNet suites; "batch [items]"
// times a batch of 30 s jazz tracks with one render worker and with one per core; "stream [genre] [format] [folder]"
// times the first encoded bytes and the finished track, windowed and in one pass, at 15 to 180 s (and saves both files).
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(ComposerBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "stream")
{
    return await StreamReport.RunAsync(Console.Out, args.Length > 1 ? args[1] : "jazz", args.Length > 2 ? args[2] : "wav", args.Length > 3 ? args[3] : null, CancellationToken.None);
}

if (args.Length > 0 && args[0] == "batch")
{
    var items = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
    return await BatchReport.RunAsync(Console.Out, items, CancellationToken.None);
}

return await EngineReport.RunAsync(Console.Out, CancellationToken.None);
