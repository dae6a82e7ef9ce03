using Mureka.Spec.Music;

namespace Mureka.Spec.Themes;

/// <summary>
/// A theme's melody as read: one voice on the sixteenth-note grid, counted from the bar line before its first note,
/// with the key, metre and tempo the file stated (or, for the key, that its notes imply). Stored in the resolved spec
/// and sent to hosts, so a render never parses the customer's file again.
/// </summary>
public sealed record ResolvedTheme
{
    /// <summary>"midi" or "abc" for a customer's theme; "composed" for the theme the engine writes for an adaptive set.</summary>
    public required string Source { get; init; }

    /// <summary>Which MIDI track the melody was taken from (its name, or "track N" when it has none); null for ABC.</summary>
    public string? Track { get; init; }

    /// <summary>The theme's own metre as written, e.g. "3/4" (the piece may be re-barred to another).</summary>
    public required string TimeSignature { get; init; }

    /// <summary>The key the file states, or the one its notes imply when it states none.</summary>
    public required MusicalKey Key { get; init; }

    /// <summary>The file's tempo; null when it states none (ABC without <c>Q:</c>).</summary>
    public double? Bpm { get; init; }

    /// <summary>Length in bars of the theme's own metre.</summary>
    public required int Bars { get; init; }

    public required IReadOnlyList<ThemeNote> Notes { get; init; }
}

/// <summary>One melody note: start and length in sixteenths from the theme's first bar line, MIDI pitch as written.</summary>
public sealed record ThemeNote(int Start16, int Duration16, int Pitch);
