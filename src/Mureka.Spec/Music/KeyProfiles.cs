namespace Mureka.Spec.Music;

/// <summary>
/// Krumhansl–Kessler key finding: the key whose tonal profile best correlates with a duration-weighted pitch-class
/// histogram. Shared by the engine's key measurement and the reading of a customer's theme that states no key.
/// </summary>
public static class KeyProfiles
{
    private static readonly double[] MajorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
    private static readonly double[] MinorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    /// <param name="histogram">Twelve weights, pitch class 0 (C) first.</param>
    public static MusicalKey BestKey(IReadOnlyList<double> histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        ArgumentOutOfRangeException.ThrowIfNotEqual(histogram.Count, 12);
        var best = new MusicalKey(0, Mode.Major);
        var bestScore = double.NegativeInfinity;
        for (var tonic = 0; tonic < 12; tonic++)
        {
            foreach (var (mode, profile) in new[] { (Mode.Major, MajorProfile), (Mode.Minor, MinorProfile) })
            {
                var r = Correlate(histogram, profile, tonic);
                if (r > bestScore)
                {
                    bestScore = r;
                    best = new MusicalKey(tonic, mode);
                }
            }
        }

        return best;
    }

    private static double Correlate(IReadOnlyList<double> histogram, double[] profile, int tonic)
    {
        var meanH = histogram.Average();
        var meanP = profile.Average();
        double num = 0, dh = 0, dp = 0;
        for (var pc = 0; pc < 12; pc++)
        {
            var h = histogram[pc] - meanH;
            var p = profile[((pc - tonic) % 12 + 12) % 12] - meanP;
            num += h * p;
            dh += h * h;
            dp += p * p;
        }

        return dh == 0 || dp == 0 ? 0 : num / Math.Sqrt(dh * dp);
    }
}
