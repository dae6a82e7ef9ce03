using Mureka.Engine.Music;
using Mureka.Spec.Music;
using Mureka.Spec.Themes;

namespace Mureka.Engine.Composer.Themes;

/// <summary>
/// Writes the lead sheet of a piece built on a customer's theme instead of sampling one: the first half is the theme
/// itself (its intervals exact, re-barred to the piece's metre, harmonised), the second half develops it — each
/// two-bar motif moved along the scale (a sequence) or mirrored (an inversion), some with their long notes broken
/// into passing tones (a rhythmic variation), reharmonised away from the theme's chords and closing on the dominant
/// so the return of the theme lands. The seed picks the developments, as it picks everything else.
/// </summary>
public static class ThemeComposer
{
    /// <summary>Bars per developed motif.</summary>
    private const int MotifBars = 2;

    public static LeadSheet Compose(ResolvedTheme theme, TimeSignature meter, Mode mode, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(theme);
        var statement = Statement(theme, meter);
        var phraseBars = statement.Count;
        var development = Develop(statement, meter, mode, new DeterministicRandom(seed, stream: 7));
        var statementChords = ThemeHarmoniser.Harmonise(statement, meter, mode);
        var developmentChords = ThemeHarmoniser.Harmonise(development, meter, mode, avoid: statementChords);

        var bars = new List<LeadBar>(phraseBars * 2);
        bars.AddRange(statement.Select((notes, i) => new LeadBar(statementChords[i], notes)));
        bars.AddRange(development.Select((notes, i) => new LeadBar(developmentChords[i], notes)));
        return new LeadSheet(meter, mode, bars) { ThemeBars = phraseBars };
    }

    /// <summary>
    /// The theme re-barred to <paramref name="meter"/> (a note crossing a bar line is cut there), in whole four-bar
    /// phrases: bars past its end restate its opening, the last one coming to rest on the tonic.
    /// </summary>
    internal static List<IReadOnlyList<LeadNote>> Statement(ResolvedTheme theme, TimeSignature meter)
    {
        var bar = meter.SixteenthsPerBar;
        var tonic = theme.Key.TonicMidi;
        var end = theme.Notes.Max(n => n.Start16 + n.Duration16);
        var themeBars = Math.Max(1, (end + bar - 1) / bar);
        var phraseBars = (themeBars + 3) / 4 * 4;
        var bars = Enumerable.Range(0, phraseBars).Select(_ => new List<LeadNote>()).ToList();
        foreach (var note in theme.Notes)
        {
            var index = note.Start16 / bar;
            var position = note.Start16 % bar;
            bars[index].Add(new LeadNote(position, note.Pitch - tonic, Math.Min(note.Duration16, bar - position)));
        }

        for (var i = themeBars; i < phraseBars; i++)
        {
            bars[i].AddRange(bars[i - themeBars]);
        }

        if (phraseBars > themeBars && bars[^1].Count > 0)
        {
            var last = bars[^1][^1];
            bars[^1][^1] = last with { RelativePitch = NearestTonic(last.RelativePitch), Duration16 = bar - last.Position16 };
        }

        return bars.Select(b => (IReadOnlyList<LeadNote>)b).ToList();
    }

    private static List<IReadOnlyList<LeadNote>> Develop(List<IReadOnlyList<LeadNote>> statement, TimeSignature meter, Mode mode, DeterministicRandom random)
    {
        var scale = new ScaleDegrees(mode);
        var centre = statement.SelectMany(b => b).Select(n => n.RelativePitch).DefaultIfEmpty(0).Average();
        var developed = new List<IReadOnlyList<LeadNote>>(statement.Count);
        for (var start = 0; start < statement.Count; start += MotifBars)
        {
            var motif = statement.Skip(start).Take(MotifBars).ToList();
            var axis = motif.SelectMany(b => b).Select(n => n.RelativePitch).DefaultIfEmpty(0).First();
            Func<int, int> move = random.NextInt(4) switch
            {
                0 => p => scale.Shift(p, 1),
                1 => p => scale.Shift(p, -2),
                2 => p => scale.Mirror(p, axis),
                _ => p => scale.Shift(p, 3),
            };
            var vary = random.NextDouble() < 0.5;
            var movedMotif = motif.Select(notes => notes.Select(n => n with { RelativePitch = move(n.RelativePitch) }).ToList()).ToList();

            // Whole octaves bring the moved motif back to the theme's register, keeping its own intervals.
            var octave = OctavesToward(movedMotif.SelectMany(b => b).Select(n => n.RelativePitch).ToList(), centre);
            foreach (var moved in movedMotif)
            {
                var placed = moved.Select(n => n with { RelativePitch = n.RelativePitch + (12 * octave) });
                developed.Add(vary ? BreakLongNotes(placed, scale) : placed.ToList());
            }
        }

        // The development's last note leans on the dominant, so the theme's return resolves it.
        for (var i = developed.Count - 1; i >= 0; i--)
        {
            if (developed[i].Count > 0)
            {
                var notes = developed[i].ToList();
                notes[^1] = notes[^1] with { RelativePitch = NearestOfClass(notes[^1].RelativePitch, 7) };
                developed[i] = notes;
                break;
            }
        }

        return developed;
    }

    /// <summary>A note of a quarter or longer becomes two: itself, then a passing step up the scale.</summary>
    private static List<LeadNote> BreakLongNotes(IEnumerable<LeadNote> notes, ScaleDegrees scale)
    {
        var result = new List<LeadNote>();
        foreach (var note in notes)
        {
            if (note.Duration16 >= 4 && note.Duration16 % 2 == 0)
            {
                var half = note.Duration16 / 2;
                result.Add(note with { Duration16 = half });
                result.Add(new LeadNote(note.Position16 + half, scale.Shift(note.RelativePitch, 1), half));
            }
            else
            {
                result.Add(note);
            }
        }

        return result;
    }

    private static int OctavesToward(List<int> pitches, double centre) =>
        pitches.Count == 0 ? 0 : (int)Math.Round((centre - pitches.Average()) / 12.0);

    private static int NearestTonic(int relativePitch) => NearestOfClass(relativePitch, 0);

    private static int NearestOfClass(int relativePitch, int pitchClass)
    {
        var below = relativePitch - ((((relativePitch - pitchClass) % 12) + 12) % 12);
        return relativePitch - below <= 6 ? below : below + 12;
    }
}
