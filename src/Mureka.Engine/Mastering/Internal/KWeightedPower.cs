namespace Mureka.Engine.Mastering.Internal;

/// <summary>
/// The BS.1770 K-weighted power of stereo audio frame by frame, its filter state carried from one call to the next, for
/// audio that arrives in pieces (<see cref="LoudnessMeter"/> measures whole buffers).
/// </summary>
internal sealed class KWeightedPower(int sampleRate)
{
    private readonly (Biquad Shelf, Biquad HighPass) filters = KWeighting.ForSampleRate(sampleRate);
    private double ls1, ls2, lh1, lh2, rs1, rs2, rh1, rh2;

    /// <summary>The K-weighted power (summed over both channels) of the next frame.</summary>
    public double Next(double left, double right)
    {
        var (s, h) = filters;
        var yl = (s.B0 * left) + ls1;
        var yr = (s.B0 * right) + rs1;
        ls1 = (s.B1 * left) - (s.A1 * yl) + ls2;
        rs1 = (s.B1 * right) - (s.A1 * yr) + rs2;
        ls2 = (s.B2 * left) - (s.A2 * yl);
        rs2 = (s.B2 * right) - (s.A2 * yr);
        var zl = (h.B0 * yl) + lh1;
        var zr = (h.B0 * yr) + rh1;
        lh1 = (h.B1 * yl) - (h.A1 * zl) + lh2;
        rh1 = (h.B1 * yr) - (h.A1 * zr) + rh2;
        lh2 = (h.B2 * yl) - (h.A2 * zl);
        rh2 = (h.B2 * yr) - (h.A2 * zr);
        return (zl * zl) + (zr * zr);
    }
}
