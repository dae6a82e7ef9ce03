namespace Mureka.Spec.Adaptive;

/// <summary>The stingers a set can carry: short pieces in the set's key and tempo for one-off game events.</summary>
public static class AdaptiveStingers
{
    /// <summary>Each kind with the mood it is written in.</summary>
    public static IReadOnlyDictionary<string, string> Moods { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["victory"] = "uplifting",
        ["defeat"] = "sad",
        ["discovery"] = "mysterious",
    };

    /// <summary>Bars of music before a stinger's final hit.</summary>
    public const int Bars = 1;
}
