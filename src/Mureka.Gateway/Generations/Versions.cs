using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>
/// How a version of a track is specified: the parent's resolved spec, with only what a version may change. A
/// version keeps the music — seed, key, tempo, metre, instruments, intensity, prompt — so a shorter
/// <c>duration_ms</c> is the same piece composed from the same opening and arranged to end properly in the new length
/// (a cut-down), and another <c>mix</c> is the same performance with parts left out (an underscore, drums and bass). Everything else the caller
/// sends is refused by name rather than silently ignored.
/// </summary>
internal static class Versions
{
    /// <summary>The request fields a version may set, by wire name; the rest are the parent's.</summary>
    public static IReadOnlySet<string> Changeable { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "duration_ms", "mix", "format", "sample_rate", "bit_depth", "stems", "score", "title", "labels",
    };

    private static readonly string ChangeableList = string.Join(", ", Changeable.Order(StringComparer.Ordinal));

    // Each request field with its wire name, read from the same naming policy the body reader uses.
    internal static readonly IReadOnlyList<(string Name, Func<object, object?> Get)> Fields = [..
        GatewayJson.Compact.GetTypeInfo(typeof(MusicSpec)).Properties.Select(p => (p.Name, p.Get ?? throw new InvalidOperationException($"{p.Name} cannot be read")))];

    /// <exception cref="RequestValidationException">Every field a version cannot change, and every invalid value.</exception>
    public static ResolvedMusicSpec Resolve(ResolvedMusicSpec parent, MusicSpec changes)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(changes);
        var errors = new List<FieldError>();
        var given = Fields.Where(f => f.Get(changes) is not null).Select(f => f.Name).ToList();
        foreach (var field in given.Where(f => !Changeable.Contains(f)))
        {
            errors.Add(new FieldError(field, $"is the parent's: a version keeps its music and changes only {ChangeableList}"));
        }

        if (!given.Any(f => f is not "title" and not "labels"))
        {
            errors.Add(new FieldError("body", $"names nothing to change: a version sets at least one of {ChangeableList} (title and labels alone do not change the track)"));
        }

        if (changes.DurationMs is { } durationMs)
        {
            if (parent.Loop)
            {
                errors.Add(new FieldError("duration_ms", "a loop keeps its length: its loop points are whole bars"));
            }
            else if (durationMs > parent.DurationMs)
            {
                errors.Add(new FieldError("duration_ms", $"must be at most the parent's {parent.DurationMs} ms: a cut-down is a shorter edit of the track"));
            }
        }

        var formatChanged = changes.Format is not null;
        var parentRequest = parent.ToRequest();
        var request = parentRequest with
        {
            DurationMs = changes.DurationMs ?? parent.DurationMs,
            Format = changes.Format ?? parent.Format.Name(),
            // A new format starts from its own defaults unless they are given; the parent's may not apply to it.
            SampleRate = changes.SampleRate ?? (formatChanged ? null : parent.SampleRate),
            BitDepth = changes.BitDepth ?? (formatChanged ? null : parentRequest.BitDepth),
            Stems = changes.Stems ?? parent.Stems,
            Mix = changes.Mix ?? parent.Mix.Name(),
            Score = changes.Score ?? parent.Score,
        };

        // The parent's theme is carried as it was read: a version plays the same melody, not a re-reading of a file.
        var resolved = SpecAdmission.Check(request, errors) is { } checkedSpec ? checkedSpec with { Theme = parent.Theme } : null;
        return errors.Count == 0 && resolved is not null ? resolved : throw new RequestValidationException(errors);
    }
}
