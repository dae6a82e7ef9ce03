namespace Mureka.Engine.Composer;

/// <summary>How adventurous the composer is. The defaults were picked by ear on the held-out prompts.</summary>
public sealed record SamplingOptions(double Temperature = 0.9, int TopK = 0, double TopP = 0.95)
{
    public static SamplingOptions Default { get; } = new();
}
