namespace Mureka.Spec;

/// <summary>The bounds every spec is validated against; the public contract documents the same numbers.</summary>
public static class SpecLimits
{
    public const int MaxPromptLength = 2000;
    public const double MinBpm = 40;
    public const double MaxBpm = 220;
    public const long MinDurationMs = 1_000;
    public const long MaxDurationMs = 300_000;
    public const int DefaultDurationMs = 30_000;
    public const int MinIntensity = 1;
    public const int MaxIntensity = 3;
    public const int MaxInstruments = 3;
    public const long MaxSeed = (1L << 53) - 1;
    public const int DefaultBitDepth = 16;

    public static IReadOnlyList<int> SampleRates { get; } = [44_100, 48_000];

    public static IReadOnlyList<int> BitDepths { get; } = [16, 24];
}
