namespace Mureka.Spec.Adaptive;

/// <summary>The bounds every adaptive set is validated against; the public contract documents the same numbers.</summary>
public static class AdaptiveLimits
{
    public const int MaxStates = 8;

    public const int MinBars = 4;

    public const int MaxBars = 64;

    /// <summary>States are whole four-bar phrases, so the theme's statement and development always fit a loop whole.</summary>
    public const int BarsMultiple = 4;

    public const int DefaultBars = 8;

    public const int MinLayers = 1;

    public const int MaxLayers = 3;

    public const int MinTransitionBars = 1;

    public const int MaxTransitionBars = 4;

    public const int DefaultTransitionBars = 1;

    /// <summary>Longest single state loop, as long as the longest piece.</summary>
    public const long MaxStateMs = SpecLimits.MaxDurationMs;

    /// <summary>All delivered audio of one set (states, transitions and stingers), in milliseconds.</summary>
    public const long MaxTotalMs = 1_200_000;

    public const int MaxNameLength = 32;
}
