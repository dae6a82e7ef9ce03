using System.Globalization;
using Mureka.Gateway.Data;
using Mureka.Spec;
using Mureka.Spec.Catalog;

namespace Mureka.Gateway.Generations;

/// <summary>
/// How an extension of a track is specified: the parent's resolved spec, continued by <c>duration_ms</c> more. The
/// extension plays the parent as it was (same seed, key, tempo, metre, instruments, lead sheet and form), replaces its
/// ending with new sections of the same material and a new ending, and is mastered as one piece. Only the new part's
/// energy may change (<c>intensity</c>, or a <c>mood</c>'s intensity); everything else is the parent's and refused by
/// name if sent.
/// </summary>
internal static class Extensions
{
    /// <summary>The request fields an extension may set, by wire name.</summary>
    public static IReadOnlySet<string> Changeable { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "duration_ms", "intensity", "mood", "title", "labels",
    };

    private static readonly string ChangeableList = string.Join(", ", Changeable.Order(StringComparer.Ordinal));

    /// <exception cref="GenerationConflictException">The parent cannot be extended (not succeeded, a loop, extended too often).</exception>
    /// <exception cref="RequestValidationException">Every field an extension cannot set, and every invalid value.</exception>
    public static ResolvedMusicSpec Resolve(GenerationRecord parentRecord, ResolvedMusicSpec parent, MusicSpec changes)
    {
        ArgumentNullException.ThrowIfNull(parentRecord);
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(changes);
        if (parentRecord.Status != GenerationStatuses.Succeeded)
        {
            throw new GenerationConflictException($"The generation is {parentRecord.Status}; only a succeeded track can be extended.");
        }

        if (parent.Loop)
        {
            throw new GenerationConflictException("A loop cannot be extended: its end leads back to its start. Make a longer loop instead.");
        }

        var earlier = parent.Extends?.DurationsMs ?? [];
        if (earlier.Count + 1 > PieceExtension.MaxSegments)
        {
            throw new GenerationConflictException($"The track has been extended {earlier.Count} times; a piece may be continued at most {PieceExtension.MaxSegments} times.");
        }

        var errors = new List<FieldError>();
        foreach (var field in Versions.Fields.Where(f => f.Get(changes) is not null).Select(f => f.Name).Where(f => !Changeable.Contains(f)))
        {
            errors.Add(new FieldError(field, $"is the track's: an extension continues its music and sets only {ChangeableList}"));
        }

        var added = changes.DurationMs;
        if (added is null)
        {
            errors.Add(new FieldError("duration_ms", "is required: how much longer the track becomes, in ms"));
        }
        else if (added < SpecLimits.MinDurationMs)
        {
            errors.Add(new FieldError("duration_ms", $"must be at least {SpecLimits.MinDurationMs} ms (got {added})"));
        }
        else if (parent.DurationMs + added > SpecLimits.MaxDurationMs)
        {
            errors.Add(new FieldError("duration_ms", $"would make the track {parent.DurationMs + added} ms long; a track is at most {SpecLimits.MaxDurationMs} ms, so it can grow by at most {SpecLimits.MaxDurationMs - parent.DurationMs} ms"));
        }

        var mood = changes.Mood is null ? null : SpecFields.Mood(changes.Mood, errors);
        if (changes.Intensity is { } intensity)
        {
            SpecFields.Intensity(intensity, errors);
        }

        CatalogueFields.Title(changes.Title, errors);
        CatalogueFields.Labels(changes.Labels, errors);
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var continuationIntensity = changes.Intensity ?? mood?.Intensity ?? parent.Intensity;
        var notes = new List<string>(parent.Interpretation)
        {
            string.Create(CultureInfo.InvariantCulture, $"continues the track from {parent.DurationMs} ms by {added} ms (its ending is replaced)"),
        };
        if (mood is not null)
        {
            notes.Add($"mood {mood.Id} for the continuation: intensity {continuationIntensity}");
        }

        return parent with
        {
            DurationMs = parent.DurationMs + (int)added!.Value,
            Intensity = continuationIntensity,
            Extends = new PieceExtension
            {
                DurationsMs = [.. earlier, parent.DurationMs],
                Intensities = [.. parent.Extends?.Intensities ?? [parent.Intensity], continuationIntensity],
            },
            Interpretation = notes,
        };
    }
}
