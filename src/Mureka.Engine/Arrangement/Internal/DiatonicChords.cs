using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>
/// Keeps the harmony in the requested key: a chord whose tones leave the scale takes the scale's own quality on
/// that degree (a triad, or a seventh chord where one was written). The one inflection kept is the major (or
/// dominant-seventh) V of a minor key, the harmonic-minor cadence. Without this a minor request could sound
/// major, with a major tonic chord under a minor melody.
/// </summary>
internal static class DiatonicChords
{
    public static ChordQuality Fit(int rootDegree, ChordQuality quality, MusicalKey key)
    {
        var steps = key.ScaleSteps;
        var index = IndexOf(steps, rootDegree);
        if (index < 0 || quality == ChordQuality.Suspended4 || InScale(rootDegree, quality, key))
        {
            return quality;
        }

        if (key.Mode == Mode.Minor && rootDegree == 7 && quality is ChordQuality.Major or ChordQuality.Dominant7)
        {
            return quality;
        }

        var third = Interval(steps, index, 2, rootDegree);
        var fifth = Interval(steps, index, 4, rootDegree);
        var seventh = Interval(steps, index, 6, rootDegree);
        var withSeventh = quality is ChordQuality.Dominant7 or ChordQuality.Major7 or ChordQuality.Minor7;
        return (third, fifth) switch
        {
            (4, 7) when withSeventh => seventh == 11 ? ChordQuality.Major7 : ChordQuality.Dominant7,
            (4, 7) => ChordQuality.Major,
            (3, 7) when withSeventh => ChordQuality.Minor7,
            (3, 7) => ChordQuality.Minor,
            _ => ChordQuality.Diminished,
        };
    }

    private static bool InScale(int rootDegree, ChordQuality quality, MusicalKey key) =>
        quality.Intervals().All(i => key.ScaleSteps.Contains((rootDegree + i) % 12));

    private static int IndexOf(IReadOnlyList<int> steps, int degree)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] == degree)
            {
                return i;
            }
        }

        return -1;
    }

    private static int Interval(IReadOnlyList<int> steps, int index, int degreesUp, int rootDegree) =>
        ((steps[(index + degreesUp) % steps.Count] - rootDegree) % 12 + 12) % 12;
}
