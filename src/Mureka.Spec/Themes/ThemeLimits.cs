namespace Mureka.Spec.Themes;

/// <summary>What a theme may be: small enough to read at admission, long enough to have a shape.</summary>
public static class ThemeLimits
{
    /// <summary>Largest MIDI file, in bytes (64 KiB).</summary>
    public const int MaxMidiBytes = 64 * 1024;

    /// <summary>Longest ABC text, in characters.</summary>
    public const int MaxAbcChars = 64 * 1024;

    public const int MaxTrackNameLength = 200;

    /// <summary>Longest theme, in bars of its own metre.</summary>
    public const int MaxBars = 32;

    /// <summary>Most melody notes (32 bars of sixteenths in 4/4).</summary>
    public const int MaxNotes = 512;

    /// <summary>Fewest melody notes: two intervals make the smallest motif.</summary>
    public const int MinNotes = 3;
}
