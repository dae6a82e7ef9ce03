namespace Mureka.Engine.Mixing;

/// <summary>The genre's send reverb (a Freeverb-style network, see <c>Internal/SendReverb</c>).</summary>
/// <param name="RoomSize">0..1: comb feedback 0.7..0.98, i.e. decay from a small room to a long hall.</param>
/// <param name="Damping">0..1: how fast the highs die in the tail.</param>
/// <param name="PreDelayMs">Gap before the tail starts, keeps the dry attack clear.</param>
/// <param name="ReturnDb">Level of the wet return.</param>
/// <param name="Width">Stereo width of the tail (0 mono, 1 fully decorrelated); kept under 1 so the mix stays mono-safe.</param>
public sealed record ReverbSettings(double RoomSize, double Damping, double PreDelayMs, double ReturnDb, double Width = 0.7);

/// <summary>The bus compressor run on the full mix; its gain curve is applied to every stem alike.</summary>
/// <param name="ThresholdDb">Relative to the mix's RMS level.</param>
public sealed record BusCompression(double ThresholdDb, double Ratio, double AttackMs = 15, double ReleaseMs = 180);

/// <summary>Lo-fi colour: a dark low-pass, tape wow and flutter, and vinyl noise.</summary>
public sealed record LofiColour(double LowPassHz, double WowMs, double WowHz, double FlutterMs, double FlutterHz, double NoiseDb, double CracklesPerSecond);
