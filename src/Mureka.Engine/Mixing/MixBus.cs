namespace Mureka.Engine.Mixing;

/// <summary>
/// The decisions the mix bus took on one full arrangement: the impacts' level, the noise floor's reference, the
/// mono-safety narrowing and the bus compressor's gain curve. A lower intensity layer of the same piece is mixed
/// with these, not with its own, so its parts keep exactly the level and colour they have in the full mix.
/// </summary>
public sealed record MixBus(float ImpactPeak, double NoiseReference, float SideGain, float[] CompressorCurve);
