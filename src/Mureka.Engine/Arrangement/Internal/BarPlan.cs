namespace Mureka.Engine.Arrangement.Internal;

internal enum BarRole
{
    /// <summary>Chords of the opening lead-sheet bars without the melody.</summary>
    Intro,

    /// <summary>A lead-sheet bar played in full ("a" and "b" sections).</summary>
    Body,

    /// <summary>The arrangement thins out to its first layer: the energy dips before the build.</summary>
    Breakdown,

    /// <summary>Rising energy into the last statement: parts come back, the drums roll up.</summary>
    Build,

    /// <summary>The closing phrase: chords of the cadence without the melody, parts leaving.</summary>
    Outro,

    /// <summary>The ending bar of a non-loop piece: an optional turnaround, then the final hit.</summary>
    Final,
}

/// <summary>
/// What one output bar plays: which lead-sheet bar, in which section, whether it opens or closes a section or
/// a four-bar phrase, and the energy (0..1) that decides which parts play and how hard.
/// </summary>
internal sealed record BarPlan(int Index, int LeadBar, BarRole Role, string Section, bool StartsSection, bool EndsSection, double Energy = 0.6)
{
    /// <summary>The last bar of a four-bar phrase inside its section, or of the section itself.</summary>
    public bool EndsPhrase { get; init; }

    /// <summary>The intensity this bar plays at when it differs from the request's (a continuation at another energy).</summary>
    public int? Intensity { get; init; }
}
