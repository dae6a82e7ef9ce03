using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Composer;

/// <summary>One lead sheet to write: conditioning, length in bars and the seed that fixes the result.</summary>
public sealed record CompositionRequest(TimeSignature Meter, Mode Mode, string Style, int Bars, ulong Seed)
{
    public SamplingOptions Sampling { get; init; } = SamplingOptions.Default;
}

/// <summary>A written lead sheet and the tokens it was decoded from.</summary>
public sealed record Composition(LeadSheet LeadSheet, IReadOnlyList<int> Tokens);
