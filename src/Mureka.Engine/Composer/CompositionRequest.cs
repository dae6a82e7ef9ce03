using Mureka.Engine.Music;
using Mureka.Spec.Music;
using Mureka.Spec.Themes;

namespace Mureka.Engine.Composer;

/// <summary>One lead sheet to write: conditioning, length in bars and the seed that fixes the result.</summary>
public sealed record CompositionRequest(TimeSignature Meter, Mode Mode, string Style, int Bars, ulong Seed)
{
    public SamplingOptions Sampling { get; init; } = SamplingOptions.Default;

    /// <summary>A customer's theme: the sheet is built on it (<see cref="Themes.ThemeComposer"/>) instead of sampled.</summary>
    public ResolvedTheme? Theme { get; init; }
}

/// <summary>A written lead sheet and the tokens it was decoded from.</summary>
public sealed record Composition(LeadSheet LeadSheet, IReadOnlyList<int> Tokens);
