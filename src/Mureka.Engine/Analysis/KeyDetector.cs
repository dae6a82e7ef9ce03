using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Analysis;

/// <summary>
/// Krumhansl–Kessler key finding (<see cref="KeyProfiles"/>) over the rendered score's pitched notes, weighted by duration:
/// the key reported with a render is measured from what was written, not copied from the request.
/// Bass notes and the closing bar count extra, because relative major and minor share every pitch
/// class and only the tonal centre (what the bass and the cadence land on) tells them apart.
/// </summary>
public static class KeyDetector
{
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

        return KeyProfiles.BestKey(histogram);
    }
}
