using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>A chord sounding from <see cref="Start16"/> to <see cref="End16"/> (exclusive) of one bar.</summary>
internal sealed record ChordSpan(int Start16, int End16, int RootDegree, ChordQuality Quality, MusicalKey Key)
{
    public int RootPitchClass => (Key.TonicPitchClass + RootDegree) % 12;

    public IReadOnlyList<int> PitchClasses => [.. Quality.Intervals().Select(i => (RootPitchClass + i) % 12)];

    public static ChordSpan Tonic(int start16, int end16, MusicalKey key) =>
        new(start16, end16, 0, key.Mode == Mode.Major ? ChordQuality.Major : ChordQuality.Minor, key);
}

/// <summary>Resolves each lead-sheet bar's chord changes into spans covering the whole bar.</summary>
internal static class ChordTimeline
{
    public static IReadOnlyList<IReadOnlyList<ChordSpan>> Resolve(LeadSheet sheet, MusicalKey key, int sixteenthsPerBar)
    {
        var result = new List<IReadOnlyList<ChordSpan>>(sheet.Bars.Count);

        // A bar without a chord at its start keeps the previous one; the first bar defaults to the tonic.
        var held = ChordSpan.Tonic(0, sixteenthsPerBar, key);
        foreach (var bar in sheet.Bars)
        {
            var changes = bar.Chords
                .Where(c => c.Position16 >= 0 && c.Position16 < sixteenthsPerBar)
                .OrderBy(c => c.Position16)
                .GroupBy(c => c.Position16)
                .Select(g => g.Last())
                .ToList();
            var spans = new List<ChordSpan>();
            var cursor = 0;
            var current = held;
            foreach (var change in changes)
            {
                if (change.Position16 > cursor)
                {
                    spans.Add(current with { Start16 = cursor, End16 = change.Position16 });
                }

                current = new ChordSpan(change.Position16, sixteenthsPerBar, Mod12(change.RootDegree), DiatonicChords.Fit(Mod12(change.RootDegree), change.Quality, key), key);
                cursor = change.Position16;
            }

            spans.Add(current with { Start16 = cursor, End16 = sixteenthsPerBar });
            held = current;
            result.Add(spans);
        }

        return result;
    }

    private static int Mod12(int value) => ((value % 12) + 12) % 12;
}
