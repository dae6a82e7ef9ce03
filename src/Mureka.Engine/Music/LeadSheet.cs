using Mureka.Spec.Music;

namespace Mureka.Engine.Music;

/// <summary>A chord change at a sixteenth position in its bar; the root is in semitones above the tonic.</summary>
public sealed record LeadChord(int Position16, int RootDegree, ChordQuality Quality);

/// <summary>A melody note; pitch in semitones relative to <see cref="MusicalKey.TonicMidi"/>.</summary>
public sealed record LeadNote(int Position16, int RelativePitch, int Duration16);

public sealed record LeadBar(IReadOnlyList<LeadChord> Chords, IReadOnlyList<LeadNote> Notes);

/// <summary>
/// What the composer writes: a key-relative melody with chord symbols, bar by bar.
/// The arranger places it in a concrete key and tempo.
/// </summary>
public sealed record LeadSheet(TimeSignature Meter, Mode Mode, IReadOnlyList<LeadBar> Bars)
{
    /// <summary>
    /// Set when the sheet is built on a customer's theme: its first <c>ThemeBars</c> bars state the theme and the next
    /// as many develop it, and the form is laid out in phrases of that length so every "a" section states it whole.
    /// </summary>
    public int? ThemeBars { get; init; }
}
