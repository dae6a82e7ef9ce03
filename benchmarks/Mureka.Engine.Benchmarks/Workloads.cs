using Mureka.Engine.Composer;
using Mureka.Spec;
using Mureka.Spec.Music;

namespace Mureka.Engine.Benchmarks;

/// <summary>The requests every benchmark uses, so the report and BenchmarkDotNet measure the same work.</summary>
internal static class Workloads
{
    public const int SamplerBars = 8;

    public static IReadOnlyList<CompositionRequest> SamplerBatch(int size) =>
        Enumerable.Range(0, size)
            .Select(i => new CompositionRequest(TimeSignature.FourFour, i % 2 == 0 ? Mode.Major : Mode.Minor, i % 2 == 0 ? "folk" : "song", SamplerBars, (ulong)(1000 + i)))
            .ToList();

    public static ResolvedMusicSpec ThirtySecondTrack(string format) => SpecResolver.Resolve(new MusicSpec
    {
        Genre = "corporate-pop",
        Bpm = 110,
        Key = "G major",
        DurationMs = 30_000,
        Seed = 7,
        Format = format,
    });
}
