namespace Mureka.Spec;

/// <summary>A resolved spec turned back into a request, so a new request can start from a stored one and change a few fields.</summary>
public static class ResolvedSpecRequests
{
    /// <summary>
    /// A request that resolves to exactly <paramref name="spec"/> (its interpretation notes aside): every decided field
    /// is typed, and typed fields win over the prompt's words, so nothing is chosen again.
    /// </summary>
    public static MusicSpec ToRequest(this ResolvedMusicSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new MusicSpec
        {
            Prompt = spec.Prompt,
            Model = spec.Model,
            Genre = spec.Genre,
            Mood = spec.Mood,
            Bpm = spec.Bpm,
            Key = spec.Key.Name,
            TimeSignature = spec.TimeSignature.ToString(),
            DurationMs = spec.DurationMs,
            Instruments = spec.Instruments,
            Intensity = spec.Intensity,
            Seed = (long)spec.Seed,
            Format = spec.Format.Name(),
            SampleRate = spec.SampleRate,
            // A lossy format takes no bit depth (it resolves to the default, as it did the first time).
            BitDepth = spec.Format.IsLossless() ? spec.BitDepth : null,
            Stems = spec.Stems,
            Loop = spec.Loop,
            Mix = spec.Mix.Name(),
            Score = spec.Score,
        };
    }
}
