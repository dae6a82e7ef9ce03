namespace Mureka.Engine.Mastering.Internal;

/// <summary>
/// What a windowed master knows of a piece's loudness before its first window, from a pre-render of it: the make-up
/// gain its master settled on, the mean K-weighted power per frame of the pre-render before and after that master, and,
/// when the pre-render was the whole piece, how its energy builds up over the piece
/// (<see cref="LoudnessMeter.EnergyShares"/>; taken as even when null).
/// </summary>
internal readonly record struct LoudnessPlan(double MakeUpGain, double InputPower, double OutputPower, double[]? EnergyShares = null)
{
    /// <summary>The share of the pre-render's energy in the first <paramref name="fraction"/> of it.</summary>
    public double ShareBefore(double fraction)
    {
        if (EnergyShares is not { Length: > 1 } shares)
        {
            return Math.Clamp(fraction, 0, 1);
        }

        var at = Math.Clamp(fraction, 0, 1) * (shares.Length - 1);
        var i = Math.Min(shares.Length - 2, (int)at);
        return shares[i] + ((shares[i + 1] - shares[i]) * (at - i));
    }
}
