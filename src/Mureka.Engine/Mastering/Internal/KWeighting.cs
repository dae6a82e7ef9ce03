namespace Mureka.Engine.Mastering.Internal;

/// <summary>
/// BS.1770 K-weighting for any sample rate: the published 48 kHz coefficients are matched by analogue prototypes
/// (high-shelf and RLB high-pass) re-discretised with the bilinear transform, as libebur128 does.
/// </summary>
internal static class KWeighting
{
    public static (Biquad Shelf, Biquad HighPass) ForSampleRate(int sampleRate)
    {
        var fs = (double)sampleRate;

        const double shelfFrequency = 1681.974450955533;
        const double shelfGainDb = 3.999843853973347;
        const double shelfQ = 0.7071752369554196;
        var k = Math.Tan(Math.PI * shelfFrequency / fs);
        var vh = Math.Pow(10.0, shelfGainDb / 20.0);
        var vb = Math.Pow(vh, 0.4996667741545416);
        var a0 = 1.0 + k / shelfQ + k * k;
        var shelf = new Biquad(
            (vh + vb * k / shelfQ + k * k) / a0,
            2.0 * (k * k - vh) / a0,
            (vh - vb * k / shelfQ + k * k) / a0,
            2.0 * (k * k - 1.0) / a0,
            (1.0 - k / shelfQ + k * k) / a0);

        const double highPassFrequency = 38.13547087602444;
        const double highPassQ = 0.5003270373238773;
        k = Math.Tan(Math.PI * highPassFrequency / fs);
        var d = 1.0 + k / highPassQ + k * k;
        var highPass = new Biquad(1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / d, (1.0 - k / highPassQ + k * k) / d);
        return (shelf, highPass);
    }
}
