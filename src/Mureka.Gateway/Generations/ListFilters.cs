using System.Text.RegularExpressions;
using Mureka.Gateway.Data;
using Mureka.Spec;
using Mureka.Spec.Catalog;
using Mureka.Spec.Music;

namespace Mureka.Gateway.Generations;

/// <summary>
/// The generation list's filters and sort, checked before any query: an unknown value is a named field error (it
/// would otherwise match nothing and read like an empty account). Values are not echoed, so hostile bytes stay
/// out of answers.
/// </summary>
internal static partial class ListFilters
{
    /// <summary>Longest free-text search accepted.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>Bounds of the ranges: wide enough for any sensible question, narrow enough to be a number.</summary>
    private const double MaxBpmFilter = 1000;
    private const long MaxDurationFilterMs = 24L * 60 * 60 * 1000;

    public static (GenerationFilter Filter, GenerationSort Sort) Read(GenerationListRequest request, List<FieldError> errors)
    {
        var filter = new GenerationFilter
        {
            Status = OneOf(request.Status, "status", GenerationStatuses.All, errors),
            Genre = Genre(request.Genre, errors),
            Mood = OneOf(request.Mood, "mood", Moods.All.Select(m => m.Id).ToList(), errors),
            KeyMode = OneOf(request.Mode, "mode", ["major", "minor"], errors),
            MinBpm = Range(request.MinBpm, "min_bpm", MaxBpmFilter, errors),
            MaxBpm = Range(request.MaxBpm, "max_bpm", MaxBpmFilter, errors),
            MinDurationMs = Range(request.MinDurationMs, "min_duration_ms", MaxDurationFilterMs, errors),
            MaxDurationMs = Range(request.MaxDurationMs, "max_duration_ms", MaxDurationFilterMs, errors),
            Intensity = Intensity(request.Intensity, errors),
            Loop = request.Loop,
            Stems = request.Stems,
            CreatedAfter = request.CreatedAfter,
            CreatedBefore = request.CreatedBefore,
            Labels = Labels(request, errors),
            Text = Text(request.Q, errors),
            BatchId = Id(request.BatchId, "batch_id", "a batch id", errors),
            ParentId = Id(request.ParentId, "parent_id", "a generation id", errors),
        };
        filter = Key(request.Key, filter, errors);
        Ordered(filter.MinBpm, filter.MaxBpm, "max_bpm", "min_bpm", errors);
        Ordered(filter.MinDurationMs, filter.MaxDurationMs, "max_duration_ms", "min_duration_ms", errors);
        Ordered(filter.CreatedAfter, filter.CreatedBefore, "created_before", "created_after", errors);

        var sort = GenerationSort.CreatedDescending;
        if (!string.IsNullOrEmpty(request.Sort) && !GenerationSorts.TryParse(request.Sort, out sort))
        {
            errors.Add(new FieldError("sort", $"must be one of: {string.Join(", ", GenerationSorts.All)}"));
        }

        return (filter, sort);
    }

    private static Guid? Id(string? value, string field, string what, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (Guid.TryParse(value, out var id))
        {
            return id;
        }

        errors.Add(new FieldError(field, $"is not {what} returned by this API"));
        return null;
    }

    private static string? OneOf(string? value, string field, IReadOnlyList<string> allowed, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (allowed.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        errors.Add(new FieldError(field, $"must be one of: {string.Join(", ", allowed)}"));
        return null;
    }

    private static string? Genre(string? value, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (GenreProfiles.TryGet(value, out var profile) && profile.Id == value)
        {
            return profile.Id;
        }

        errors.Add(new FieldError("genre", $"must be one of: {string.Join(", ", GenreProfiles.All.Select(g => g.Id))}"));
        return null;
    }

    /// <summary>A bare tonic matches both modes; a whole key fixes the mode too (and must agree with <c>mode</c>).</summary>
    private static GenerationFilter Key(string? value, GenerationFilter filter, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return filter;
        }

        if (value.Length > 16 || !MusicalKey.TryParse(value, out var key))
        {
            errors.Add(new FieldError("key", "must be a key such as \"D minor\", \"F#m\" or \"Bb\" (a bare tonic matches both modes)"));
            return filter;
        }

        // Spelled as resolved keys are stored ("Bb", "F#"), whatever the caller wrote ("A#", "Gb").
        var parts = key.Name.Split(' ');
        if (BareTonic().IsMatch(value.Trim()))
        {
            return filter with { KeyTonic = parts[0] };
        }

        if (filter.KeyMode is { } mode && mode != parts[1])
        {
            errors.Add(new FieldError("mode", $"contradicts key, which is {parts[1]}"));
        }

        return filter with { KeyTonic = parts[0], KeyMode = parts[1] };
    }

    private static T? Range<T>(T? value, string field, T max, List<FieldError> errors)
        where T : struct, System.Numerics.INumber<T>
    {
        if (value is not { } v)
        {
            return null;
        }

        if (!T.IsFinite(v) || v < T.Zero || v > max)
        {
            errors.Add(new FieldError(field, $"must be between 0 and {max}"));
            return null;
        }

        return v;
    }

    private static void Ordered<T>(T? low, T? high, string highField, string lowField, List<FieldError> errors)
        where T : struct, IComparable<T>
    {
        if (low is { } l && high is { } h && h.CompareTo(l) < 0)
        {
            errors.Add(new FieldError(highField, $"must not be before {lowField}"));
        }
    }

    private static int? Intensity(int? value, List<FieldError> errors)
    {
        if (value is { } v && (v < SpecLimits.MinIntensity || v > SpecLimits.MaxIntensity))
        {
            errors.Add(new FieldError("intensity", $"must be between {SpecLimits.MinIntensity} and {SpecLimits.MaxIntensity}"));
            return null;
        }

        return value;
    }

    private static Dictionary<string, string>? Labels(GenerationListRequest request, List<FieldError> errors)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        // Model binding turns an empty or blank value into a null element.
        foreach (var pair in request.LabelPairs ?? [])
        {
            var colon = pair?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            if (pair is null || colon < 0)
            {
                errors.Add(new FieldError("label", "must be key:value"));
                return null;
            }

            labels[pair[..colon]] = pair[(colon + 1)..];
        }

        foreach (var (key, value) in request.Labels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        var field = request.LabelPairs is { Count: > 0 } ? "label" : "labels";
        if (labels.Count > CatalogueFields.MaxLabels)
        {
            errors.Add(new FieldError(field, $"at most {CatalogueFields.MaxLabels} labels"));
            return null;
        }

        foreach (var (key, value) in labels)
        {
            if (!CatalogueFields.IsLabelKey(key) || value.Length > CatalogueFields.MaxLabelValueLength || !CatalogueFields.IsPlainText(value))
            {
                errors.Add(new FieldError(field, $"keys are 1 to {CatalogueFields.MaxLabelKeyLength} of a-z, 0-9, '_', '.', '-'; values at most {CatalogueFields.MaxLabelValueLength} characters without control characters"));
                return null;
            }
        }

        return labels.Count == 0 ? null : labels;
    }

    private static string? Text(string? value, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (value.Length > MaxQueryLength || !CatalogueFields.IsPlainText(value))
        {
            errors.Add(new FieldError("q", $"must be at most {MaxQueryLength} characters without control characters"));
            return null;
        }

        return value;
    }

    [GeneratedRegex("^[A-Ga-g][#♯b♭]?$", RegexOptions.CultureInvariant)]
    private static partial Regex BareTonic();
}
