namespace Mureka.Engine.Arrangement.Internal;

internal enum BarRole
{
    /// <summary>Chords of the opening lead-sheet bars without the melody.</summary>
    Intro,

    /// <summary>A lead-sheet bar played in full.</summary>
    Body,

    /// <summary>The closing tonic chord of a non-loop piece.</summary>
    Final,
}

/// <summary>What one output bar plays: which lead-sheet bar, in which section, and whether it opens or closes one.</summary>
internal sealed record BarPlan(int Index, int LeadBar, BarRole Role, string Section, bool StartsSection, bool EndsSection);
