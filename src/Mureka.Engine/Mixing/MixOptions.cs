namespace Mureka.Engine.Mixing;

/// <summary>Per-render inputs of the mix stage.</summary>
/// <param name="Seed">The request seed: the only source of randomness (lo-fi noise, wow phase).</param>
/// <param name="Loop">Seamless loop: every tail (reverb, ducks, filters, wow) continues across the loop point.</param>
public sealed record MixOptions(ulong Seed, bool Loop)
{
    /// <summary>
    /// The frames the mix's whole-piece measurements read (track levels, the impact and noise references, stereo width,
    /// the bus compressor's threshold), from the start; all of them when null. A piece measures what comes before its
    /// ending, and an extension exactly what the piece it continues measured, so that part is mixed the same.
    /// </summary>
    public int? MeasureFrames { get; init; }
}
