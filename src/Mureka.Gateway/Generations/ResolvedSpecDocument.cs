using Mureka.Engine.Requests;

namespace Mureka.Gateway.Generations;

/// <summary>The resolved spec as stored in <c>generations.resolved</c> and returned to callers (REST JSON and <c>ResolvedSpec</c>).</summary>
public sealed record ResolvedSpecDocument
{
    public required string Model { get; init; }

    public required string Prompt { get; init; }

    public required string Genre { get; init; }

    public required string Mood { get; init; }

    public required double Bpm { get; init; }

    public required string Key { get; init; }

    public required string TimeSignature { get; init; }

    public required int DurationMs { get; init; }

    public required IReadOnlyList<string> Instruments { get; init; }

    public required int Intensity { get; init; }

    public required ulong Seed { get; init; }

    public required string Format { get; init; }

    public required int SampleRate { get; init; }

    public required int BitDepth { get; init; }

    public required bool Stems { get; init; }

    public required bool Loop { get; init; }

    public IReadOnlyList<string> Interpretation { get; init; } = [];

    public static ResolvedSpecDocument From(string model, ResolvedRequest resolved) => new()
    {
        Model = model,
        Prompt = resolved.Prompt,
        Genre = resolved.Genre,
        Mood = resolved.Mood,
        Bpm = resolved.Bpm,
        Key = resolved.Key.Name,
        TimeSignature = resolved.Meter.ToString(),
        DurationMs = resolved.DurationMs,
        Instruments = resolved.Instruments,
        Intensity = resolved.Intensity,
        Seed = resolved.Seed,
        Format = resolved.Format.ToString().ToLowerInvariant(),
        SampleRate = resolved.SampleRate,
        BitDepth = resolved.BitDepth,
        Stems = resolved.Stems,
        Loop = resolved.Loop,
        Interpretation = resolved.Interpretation,
    };
}
