namespace Mureka.Engine.Rendering;

/// <summary>How a score is rendered: output rate, exact length in frames, and whether the result must loop seamlessly.</summary>
/// <param name="SampleRate">Output sample rate in Hz (44100 or 48000 in practice).</param>
/// <param name="TotalFrames">Exact length of every stem; material after it is dropped (or wrapped when looping).</param>
/// <param name="Loop">When true the release/reverb tail is wrapped onto the start so the loop point has no click.</param>
public sealed record RenderOptions(int SampleRate, int TotalFrames, bool Loop);
