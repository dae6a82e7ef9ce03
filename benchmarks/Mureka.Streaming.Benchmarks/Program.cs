using Mureka.Streaming.Benchmarks;

// Time to first audio, time to finished and audio seconds per second, over gRPC (StreamGeneration) and REST
// (/audio/stream), for one and several concurrent clients, against a baseline stack and this checkout's in one run.
// The report goes to stdout, progress to stderr. Usage: see BenchmarkOptions.Usage (--help).
if (args.Contains("--help"))
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n{BenchmarkOptions.Usage}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await StreamingReport.RunAsync(options, Console.Out, Console.Error, stop.Token);
