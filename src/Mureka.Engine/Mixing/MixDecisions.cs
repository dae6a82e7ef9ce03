using Mureka.Engine.Mixing.Internal;

namespace Mureka.Engine.Mixing;

/// <summary>
/// The whole-piece measurements a mix takes: each track's placement and fader gain (in the score's track order), the
/// impacts' level, the noise floor's reference, the mono-safety narrowing and the bus compressor's mean level. A
/// windowed mix (<see cref="MixStream"/>) needs them before its first window, so they come from a quick pre-pass.
/// </summary>
internal sealed record MixDecisions(IReadOnlyList<StripLevel> Strips, float ImpactPeak, double NoiseReference, float SideGain, double CompressorMeanPower);
