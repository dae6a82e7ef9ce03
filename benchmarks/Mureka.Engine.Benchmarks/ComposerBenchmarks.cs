using BenchmarkDotNet.Attributes;
using Mureka.Engine.Composer;

namespace Mureka.Engine.Benchmarks;

/// <summary>Batched sampling cost per batch size; divide tokens by time for tokens/s.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ComposerBenchmarks : IDisposable
{
    private ComposerModel? _model;
    private BatchComposer? _composer;
    private IReadOnlyList<CompositionRequest> _requests = [];

    [Params(1, 4, 16, 64)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = ComposerModel.Load(options: new ComposerRuntimeOptions { IntraOpThreads = Math.Min(2, Environment.ProcessorCount) });
        _composer = new BatchComposer(_model);
        _requests = Workloads.SamplerBatch(BatchSize);
    }

    [Benchmark]
    public int ComposeBatch() => _composer!.Compose(_requests).Sum(c => c.Tokens.Count);

    [GlobalCleanup]
    public void Dispose()
    {
        _model?.Dispose();
        GC.SuppressFinalize(this);
    }
}
