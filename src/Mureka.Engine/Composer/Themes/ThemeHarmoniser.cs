using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Composer.Themes;

/// <summary>
/// Chooses chords under a given melody: for each harmonic span (half a bar in 4/4, a bar in 3/4 and 6/8) the diatonic
/// triad whose tones cover most of the melody sounding there, strong-beat notes counting double, with a light
/// preference for the primary chords, a dominant before the phrase's last span and the tonic on it. A reharmonisation
/// avoids the chord another harmonisation put on the same span wherever a near-equal alternative exists.
/// </summary>
internal static class ThemeHarmoniser
{
    private static readonly (int Root, ChordQuality Quality, double Prior)[] MajorChords =
        [(0, ChordQuality.Major, 0.3), (5, ChordQuality.Major, 0.15), (7, ChordQuality.Major, 0.2), (9, ChordQuality.Minor, 0.1), (2, ChordQuality.Minor, 0.05), (4, ChordQuality.Minor, 0)];

    private static readonly (int Root, ChordQuality Quality, double Prior)[] MinorChords =
        [(0, ChordQuality.Minor, 0.3), (5, ChordQuality.Minor, 0.15), (7, ChordQuality.Major, 0.2), (8, ChordQuality.Major, 0.1), (3, ChordQuality.Major, 0.05), (10, ChordQuality.Major, 0)];

    /// <param name="bars">The melody, bar by bar (relative pitches).</param>
    /// <param name="avoid">Chords to steer away from, span by span (a reharmonisation), or null.</param>
    public static List<List<LeadChord>> Harmonise(IReadOnlyList<IReadOnlyList<LeadNote>> bars, TimeSignature meter, Mode mode, IReadOnlyList<IReadOnlyList<LeadChord>>? avoid = null)
    {
        var chords = mode == Mode.Major ? MajorChords : MinorChords;
        var span = meter == TimeSignature.FourFour ? meter.SixteenthsPerBar / 2 : meter.SixteenthsPerBar;
        var spansPerBar = meter.SixteenthsPerBar / span;
        var totalSpans = bars.Count * spansPerBar;
        var result = new List<List<LeadChord>>(bars.Count);
        (int Root, ChordQuality Quality)? previous = null;
        for (var bar = 0; bar < bars.Count; bar++)
        {
            var barChords = new List<LeadChord>(spansPerBar);
            for (var s = 0; s < spansPerBar; s++)
            {
                var from = s * span;
                var to = from + span;
                var index = (bar * spansPerBar) + s;
                var avoided = avoid is not null && bar < avoid.Count ? avoid[bar].LastOrDefault(c => c.Position16 <= from) : null;
                var best = chords[0];
                var bestScore = double.NegativeInfinity;
                var sounding = bars[bar].Where(n => n.Position16 < to && n.Position16 + n.Duration16 > from).ToList();
                foreach (var chord in chords)
                {
                    var score = chord.Prior;
                    foreach (var note in sounding)
                    {
                        var overlap = Math.Min(to, note.Position16 + note.Duration16) - Math.Max(from, note.Position16);
                        var weight = overlap * (note.Position16 == from ? 2.0 : 1.0);
                        var interval = ((note.RelativePitch - chord.Root) % 12 + 12) % 12;
                        score += chord.Quality.Intervals().Contains(interval) ? weight : -0.5 * weight;
                    }

                    if (sounding.Count == 0 && previous is { } held && held == (chord.Root, chord.Quality))
                    {
                        score += 1; // nothing to harmonise: let the harmony rest where it was
                    }

                    if (index == totalSpans - 1 && chord.Root == 0)
                    {
                        score += 2;
                    }
                    else if (index == totalSpans - 2 && chord.Root == 7)
                    {
                        score += 1;
                    }

                    if (avoided is not null && avoided.RootDegree == chord.Root && avoided.Quality == chord.Quality)
                    {
                        score -= 1.5;
                    }

                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = chord;
                    }
                }

                if (previous != (best.Root, best.Quality) || s == 0)
                {
                    barChords.Add(new LeadChord(from, best.Root, best.Quality));
                }

                previous = (best.Root, best.Quality);
            }

            result.Add(barChords);
        }

        return result;
    }
}
