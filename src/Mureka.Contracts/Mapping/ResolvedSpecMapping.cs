using Mureka.Spec;

namespace Mureka.Contracts.Api.V1;

/// <summary><see cref="ResolvedMusicSpec"/> → <c>mureka.api.v1.ResolvedSpec</c>, the spec as gRPC callers see it.</summary>
public static class ResolvedSpecMapping
{
    public static ResolvedSpec ToProto(this ResolvedMusicSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ResolvedSpec
        {
            Model = spec.Model,
            Prompt = spec.Prompt,
            Genre = spec.Genre,
            Mood = spec.Mood,
            Bpm = spec.Bpm,
            Key = spec.Key.Name,
            TimeSignature = spec.TimeSignature.ToString(),
            DurationMs = spec.DurationMs,
            Instruments = { spec.Instruments },
            Intensity = spec.Intensity,
            Seed = spec.Seed,
            Format = spec.Format.Name(),
            SampleRate = spec.SampleRate,
            BitDepth = spec.BitDepth,
            Stems = spec.Stems,
            Loop = spec.Loop,
            Interpretation = { spec.Interpretation },
        };
    }
}
