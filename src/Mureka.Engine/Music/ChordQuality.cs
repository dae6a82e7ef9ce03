namespace Mureka.Engine.Music;

public enum ChordQuality
{
    Major,
    Minor,
    Dominant7,
    Major7,
    Minor7,
    Diminished,
    Suspended4,
}

public static class ChordQualityExtensions
{
    /// <summary>Semitone intervals above the chord root.</summary>
    public static IReadOnlyList<int> Intervals(this ChordQuality quality) => quality switch
    {
        ChordQuality.Major => [0, 4, 7],
        ChordQuality.Minor => [0, 3, 7],
        ChordQuality.Dominant7 => [0, 4, 7, 10],
        ChordQuality.Major7 => [0, 4, 7, 11],
        ChordQuality.Minor7 => [0, 3, 7, 10],
        ChordQuality.Diminished => [0, 3, 6],
        ChordQuality.Suspended4 => [0, 5, 7],
        _ => [0, 4, 7],
    };
}
