using BenchmarkDotNet.Running;
using Mureka.Engine.Benchmarks;

// "report" (default) prints the throughput table quickly; "bdn" runs the BenchmarkDotNet suites.
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkSwitcher.FromAssembly(typeof(ComposerBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

return await EngineReport.RunAsync(Console.Out, CancellationToken.None);
