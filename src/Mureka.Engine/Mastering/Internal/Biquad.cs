namespace Mureka.Engine.Mastering.Internal;

/// <summary>Normalised (a0 = 1) second-order section's coefficients; run in transposed direct form II with double state.</summary>
internal readonly record struct Biquad(double B0, double B1, double B2, double A1, double A2);
