using Mureka.Spec;

namespace Mureka.Contracts.Api.V1;

/// <summary><c>mureka.api.v1.GenerationSpec</c> → <see cref="MusicSpec"/>: a field the caller left unset stays unset.</summary>
public static class GenerationSpecMapping
{
    public static MusicSpec ToMusicSpec(this GenerationSpec? spec) => spec is null ? new MusicSpec() : new MusicSpec
    {
        Prompt = spec.HasPrompt ? spec.Prompt : null,
        Model = spec.HasModel ? spec.Model : null,
        Genre = spec.HasGenre ? spec.Genre : null,
        Mood = spec.HasMood ? spec.Mood : null,
        Bpm = spec.HasBpm ? spec.Bpm : null,
        Key = spec.HasKey ? spec.Key : null,
        TimeSignature = spec.HasTimeSignature ? spec.TimeSignature : null,
        DurationMs = spec.HasDurationMs ? spec.DurationMs : null,
        Instruments = spec.Instruments.Count > 0 ? spec.Instruments.ToList() : null,
        Intensity = spec.HasIntensity ? spec.Intensity : null,
        Seed = spec.HasSeed ? spec.Seed : null,
        Format = spec.HasFormat ? spec.Format : null,
        SampleRate = spec.HasSampleRate ? spec.SampleRate : null,
        BitDepth = spec.HasBitDepth ? spec.BitDepth : null,
        Stems = spec.HasStems ? spec.Stems : null,
        Loop = spec.HasLoop ? spec.Loop : null,
    };
}
