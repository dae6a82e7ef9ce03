namespace Mureka.Engine.Mixing;

/// <summary>Per-render inputs of the mix stage.</summary>
/// <param name="Seed">The request seed: the only source of randomness (lo-fi noise, wow phase).</param>
/// <param name="Loop">Seamless loop: every tail (reverb, ducks, filters, wow) continues across the loop point.</param>
public sealed record MixOptions(ulong Seed, bool Loop);
