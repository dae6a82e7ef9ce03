using Mureka.Spec.Themes;

namespace Mureka.Spec;

/// <summary>
/// Checks a <see cref="ResolvedMusicSpec"/> that arrived from elsewhere (an inference host's boundary) without
/// resolving it again: every field must already be decided, in range and spelled as the resolver writes it.
/// </summary>
public static class ResolvedSpecValidator
{
    /// <summary>Every problem found, named as on the wire; empty when the spec can be rendered as it is.</summary>
    public static IReadOnlyList<FieldError> Validate(ResolvedMusicSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new List<FieldError>();
        SpecFields.Prompt(spec.Prompt, errors);

        // The resolver writes catalogue ids; any other spelling would seed and mix differently from the same request.
        if (SpecFields.Genre(spec.Genre, errors) is { } genre && genre.Id != spec.Genre)
        {
            errors.Add(new("genre", $"must be the genre id '{genre.Id}'"));
        }

        if (SpecFields.Mood(spec.Mood, errors) is { } mood && mood.Id != spec.Mood)
        {
            errors.Add(new("mood", $"must be the mood id '{mood.Id}'"));
        }

        SpecFields.Bpm(spec.Bpm, errors);
        SpecFields.DurationMs(spec.DurationMs, errors);
        var instruments = SpecFields.Instruments(spec.Instruments, errors);
        for (var i = 0; i < instruments.Count; i++)
        {
            if (instruments[i] != spec.Instruments[i])
            {
                errors.Add(new($"instruments[{i}]", $"must be the instrument name '{instruments[i]}'"));
            }
        }

        SpecFields.Intensity(spec.Intensity, errors);
        SpecFields.Seed(spec.Seed, errors);
        SpecFields.SampleRate(spec.SampleRate, spec.Format, errors);
        SpecFields.BitDepth(spec.BitDepth, spec.Format, given: spec.BitDepth != SpecLimits.DefaultBitDepth, errors);
        SpecFields.Mix(spec.Mix, errors);
        if (spec.Extends is { } extension)
        {
            CheckExtension(spec, extension, errors);
        }

        if (spec.Theme is { } theme)
        {
            ThemeChecks.Resolved(theme, errors);
        }

        return errors;
    }

    private static void CheckExtension(ResolvedMusicSpec spec, PieceExtension extension, List<FieldError> errors)
    {
        var durations = extension.DurationsMs ?? [];
        var intensities = extension.Intensities ?? [];
        if (spec.Loop)
        {
            errors.Add(new("extends", "a loop cannot continue another piece"));
        }

        if (durations.Count is < 1 or > PieceExtension.MaxSegments || intensities.Count != durations.Count + 1)
        {
            errors.Add(new("extends", $"needs 1–{PieceExtension.MaxSegments} earlier lengths and one intensity more"));
            return;
        }

        for (var i = 0; i < durations.Count; i++)
        {
            var upper = i + 1 < durations.Count ? durations[i + 1] : spec.DurationMs;
            if (durations[i] < SpecLimits.MinDurationMs || durations[i] >= upper)
            {
                errors.Add(new($"extends.durations_ms[{i}]", "must be at least the shortest length and shorter than what follows it"));
            }
        }

        for (var i = 0; i < intensities.Count; i++)
        {
            if (intensities[i] is < SpecLimits.MinIntensity or > SpecLimits.MaxIntensity)
            {
                errors.Add(new($"extends.intensities[{i}]", $"must be between {SpecLimits.MinIntensity} and {SpecLimits.MaxIntensity}"));
            }
        }
    }
}
