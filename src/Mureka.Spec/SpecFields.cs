using System.Globalization;
using Mureka.Spec.Catalog;
using Mureka.Spec.Music;

namespace Mureka.Spec;

/// <summary>
/// The rule for each field, in one place, so the resolver (a caller's request), the resolved-spec check (a host's
/// boundary) and the wire readers report the same problem with the same words. Each adds a <see cref="FieldError"/>
/// named as on the wire and returns the parsed value when there is one.
/// </summary>
public static class SpecFields
{
    public static bool Prompt(string? prompt, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (prompt is { Length: > SpecLimits.MaxPromptLength })
        {
            errors.Add(new("prompt", $"must be at most {SpecLimits.MaxPromptLength} characters (got {prompt.Length})"));
            return false;
        }

        return true;
    }

    public static string? Model(string model, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(errors);
        if (MusicModels.All.Contains(model, StringComparer.Ordinal))
        {
            return model;
        }

        errors.Add(new("model", $"unknown model '{(model.Length > 64 ? model[..64] : model)}'; expected one of: {string.Join(", ", MusicModels.All)}"));
        return null;
    }

    public static GenreProfile? Genre(string genre, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(genre);
        ArgumentNullException.ThrowIfNull(errors);
        if (GenreProfiles.TryGet(genre.Trim().ToLowerInvariant(), out var profile))
        {
            return profile;
        }

        errors.Add(new("genre", $"unknown genre '{Truncate(genre)}'; expected one of: {string.Join(", ", GenreProfiles.All.Select(g => g.Id))}"));
        return null;
    }

    public static MoodProfile? Mood(string mood, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(mood);
        ArgumentNullException.ThrowIfNull(errors);
        if (Moods.TryGet(mood, out var profile))
        {
            return profile;
        }

        errors.Add(new("mood", $"unknown mood '{Truncate(mood)}'; expected one of: {string.Join(", ", Moods.All.Select(m => m.Id))}"));
        return null;
    }

    public static void Bpm(double bpm, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!double.IsFinite(bpm) || bpm < SpecLimits.MinBpm || bpm > SpecLimits.MaxBpm)
        {
            errors.Add(new("bpm", $"must be between {SpecLimits.MinBpm} and {SpecLimits.MaxBpm} (got {bpm.ToString(CultureInfo.InvariantCulture)})"));
        }
    }

    public static MusicalKey? Key(string key, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(errors);
        if (MusicalKey.TryParse(key, out var parsed))
        {
            return parsed;
        }

        errors.Add(new("key", $"'{Truncate(key)}' is not a key; write e.g. \"C major\", \"A minor\", \"F#m\" or \"Bb\""));
        return null;
    }

    public static TimeSignature? TimeSignature(string timeSignature, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(timeSignature);
        ArgumentNullException.ThrowIfNull(errors);
        if (Music.TimeSignature.TryParse(timeSignature, out var parsed))
        {
            return parsed;
        }

        errors.Add(new("time_signature", $"'{Truncate(timeSignature)}' is not supported; expected one of: {string.Join(", ", Music.TimeSignature.Supported)}"));
        return null;
    }

    public static void DurationMs(long durationMs, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (durationMs < SpecLimits.MinDurationMs || durationMs > SpecLimits.MaxDurationMs)
        {
            errors.Add(new("duration_ms", $"must be between {SpecLimits.MinDurationMs} and {SpecLimits.MaxDurationMs} ms (got {durationMs})"));
        }
    }

    /// <summary>The catalogue names of the requested instruments, in order; an empty list when any is wrong.</summary>
    public static List<string> Instruments(IReadOnlyList<string?> requested, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(errors);
        var names = new List<string>();
        if (requested.Count > SpecLimits.MaxInstruments)
        {
            errors.Add(new("instruments", $"at most {SpecLimits.MaxInstruments} instruments (melody, harmony, extra layer); got {requested.Count}"));
            return names;
        }

        for (var i = 0; i < requested.Count; i++)
        {
            if (requested[i] is { } name && InstrumentCatalog.TryGet(name, out var info))
            {
                names.Add(info.Name);
            }
            else
            {
                errors.Add(new($"instruments[{i}]", $"unknown instrument '{Truncate(requested[i] ?? "null")}'; expected one of: {string.Join(", ", InstrumentCatalog.Names)}"));
            }
        }

        return names;
    }

    public static void Intensity(int intensity, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (intensity < SpecLimits.MinIntensity || intensity > SpecLimits.MaxIntensity)
        {
            errors.Add(new("intensity", $"must be between {SpecLimits.MinIntensity} and {SpecLimits.MaxIntensity} (got {intensity})"));
        }
    }

    public static void Seed(decimal seed, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (seed < 0 || seed > SpecLimits.MaxSeed)
        {
            errors.Add(new("seed", $"must be between 0 and {SpecLimits.MaxSeed} (got {seed.ToString(CultureInfo.InvariantCulture)})"));
        }
    }

    public static AudioFormat? Format(string format, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(errors);
        if (AudioFormatExtensions.TryParse(format, out var parsed))
        {
            return parsed;
        }

        errors.Add(new("format", $"unknown format '{Truncate(format)}'; expected one of: wav, flac, mp3, opus"));
        return null;
    }

    public static MixVersion? Mix(string mix, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(mix);
        ArgumentNullException.ThrowIfNull(errors);
        if (MixVersionExtensions.TryParse(mix, out var parsed))
        {
            return parsed;
        }

        errors.Add(new("mix", $"unknown mix '{Truncate(mix)}'; {ExpectedMixes}"));
        return null;
    }

    /// <summary>A mix read from elsewhere as a number (JSON allows it) must still be one of the named ones.</summary>
    public static void Mix(MixVersion mix, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!Enum.IsDefined(mix))
        {
            errors.Add(new("mix", $"unknown mix {(int)mix}; {ExpectedMixes}"));
        }
    }

    public static void SampleRate(int sampleRate, AudioFormat format, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!SpecLimits.SampleRates.Contains(sampleRate))
        {
            errors.Add(new("sample_rate", $"must be 44100 or 48000 (got {sampleRate})"));
        }
        else if (format == AudioFormat.Opus && sampleRate != 48_000)
        {
            errors.Add(new("sample_rate", "opus is always 48000 Hz; omit sample_rate or pass 48000"));
        }
    }

    /// <param name="given">True when the caller chose the bit depth; a lossy format only refuses one that was chosen.</param>
    public static void BitDepth(int bitDepth, AudioFormat format, bool given, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!SpecLimits.BitDepths.Contains(bitDepth))
        {
            errors.Add(new("bit_depth", $"must be 16 or 24 (got {bitDepth})"));
        }
        else if (given && !format.IsLossless())
        {
            errors.Add(new("bit_depth", "applies only to wav and flac; omit it for mp3 and opus"));
        }
    }

    private static string ExpectedMixes => $"expected one of: {string.Join(", ", MixVersionExtensions.All.Select(m => m.Name()))}";

    /// <summary>Echoes at most 40 characters of a bad value, so an error message never carries a whole hostile input.</summary>
    public static string Truncate(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= 40 ? value : value[..40] + "…";
    }
}
