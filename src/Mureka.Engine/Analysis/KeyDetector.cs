using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Analysis;

/// <summary>
/// Krumhansl–Kessler key finding over the rendered score's pitched notes, weighted by duration:
/// the key reported with a render is measured from what was written, not copied from the request.
/// Bass notes and the closing bar count extra, because relative major and minor share every pitch
/// class and only the tonal centre (what the bass and the cadence land on) tells them apart.
/// </summary>
public static class KeyDetector
{
    private static readonly double[] MajorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
    private static readonly double[] MinorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    public static MusicalKey Detect(Score score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var histogram = new double[12];
        var closingBar = score.TotalTicks - score.TicksPerBar;
        foreach (var track in score.Tracks.Where(t => !t.IsPercussion))
        {
            var weight = track.Stem == StemKind.Bass ? 2.0 : 1.0;
            foreach (var note in track.Notes)
            {
                var cadence = note.StartTick >= closingBar ? 3.0 : 1.0;
                histogram[note.Pitch % 12] += note.DurationTicks * weight * cadence;
            }
        }

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

    private static double Correlate(double[] histogram, double[] profile, int tonic)
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
