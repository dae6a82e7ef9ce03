namespace Mureka.Engine.Mastering.Internal;

/// <summary>
/// What a windowed master knows of a piece's loudness before its first window, from a pre-render of it: the make-up
/// gain its master settled on, and the mean K-weighted power per frame of the pre-render before and after that master.
/// </summary>
internal readonly record struct LoudnessPlan(double MakeUpGain, double InputPower, double OutputPower);
