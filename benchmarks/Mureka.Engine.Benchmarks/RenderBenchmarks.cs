using BenchmarkDotNet.Attributes;
using Mureka.Spec;

namespace Mureka.Engine.Benchmarks;

/// <summary>End-to-end time for a 30 s track; the real-time factor is 30 s divided by the mean.</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RenderBenchmarks : IDisposable
{
    private MurekaEngine? _engine;
    private ResolvedMusicSpec? _request;

    [Params("wav", "mp3")]
    public string Format { get; set; } = "wav";

    [GlobalSetup]
    public void Setup()
    {
        _engine = MurekaEngine.Create();
        _request = Workloads.ThirtySecondTrack(Format);
    }

    [Benchmark]
    public async Task<long> Render30Seconds()
    {
        var result = await _engine!.RenderAsync(_request!);
        using var sink = new MemoryStream();
        await result.WriteAsync(sink);
        return sink.Length;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _engine?.Dispose();
        GC.SuppressFinalize(this);
    }
}
