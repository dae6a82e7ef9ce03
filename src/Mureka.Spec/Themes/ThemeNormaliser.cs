using System.Globalization;
using Mureka.Spec.Music;

namespace Mureka.Spec.Themes;

/// <summary>
/// Makes a draft one melody on the sixteenth grid: onsets and ends rounded to the nearest sixteenth, the top voice
/// kept where notes sound together, each note ending where the next begins, everything counted from the bar line
/// before the first note (so a pickup stays a pickup). Then the caps are checked and the key found if none was stated.
/// </summary>
internal static class ThemeNormaliser
{
    public static ResolvedTheme Normalise(ThemeDraft draft)
    {
        if (draft.MeterNumerator <= 0 || draft.MeterDenominator is not (1 or 2 or 4 or 8 or 16))
        {
            throw new ThemeFormatException($"its time signature {draft.MeterNumerator}/{draft.MeterDenominator} cannot be read");
        }

        var barLength = draft.MeterNumerator * 16 / draft.MeterDenominator;
        if (barLength <= 0 || barLength > 64)
        {
            throw new ThemeFormatException($"its time signature {draft.MeterNumerator}/{draft.MeterDenominator} is not a usable bar length");
        }

        var byOnset = new SortedDictionary<long, (long End, int Pitch)>();
        foreach (var note in draft.Notes)
        {
            if (!double.IsFinite(note.Start16) || !double.IsFinite(note.Duration16) || note.Start16 < 0 || note.Pitch is < 0 or > 127)
            {
                continue;
            }

            var start = (long)Math.Round(note.Start16, MidpointRounding.AwayFromZero);
            var end = Math.Max(start + 1, (long)Math.Round(note.Start16 + Math.Max(0, note.Duration16), MidpointRounding.AwayFromZero));
            if (!byOnset.TryGetValue(start, out var existing) || note.Pitch > existing.Pitch)
            {
                byOnset[start] = (end, note.Pitch);
            }
        }

        if (byOnset.Count == 0)
        {
            throw new ThemeFormatException("has no melodic notes (drums on MIDI channel 10 are not a melody)");
        }

        var onsets = byOnset.ToList();
        var firstBar = onsets[0].Key / barLength * barLength;
        var lastEnd = onsets[^1].Value.End;
        var bars = (lastEnd - firstBar + barLength - 1) / barLength;
        if (bars > ThemeLimits.MaxBars)
        {
            throw new ThemeFormatException($"is {bars} bars long in {draft.MeterNumerator}/{draft.MeterDenominator}; a theme may be at most {ThemeLimits.MaxBars} bars");
        }

        if (onsets.Count > ThemeLimits.MaxNotes)
        {
            throw new ThemeFormatException($"has {onsets.Count} melody notes; a theme may have at most {ThemeLimits.MaxNotes}");
        }

        if (onsets.Count < ThemeLimits.MinNotes)
        {
            throw new ThemeFormatException($"has {onsets.Count} melody note(s); a theme needs at least {ThemeLimits.MinNotes}");
        }

        var notes = new List<ThemeNote>(onsets.Count);
        for (var i = 0; i < onsets.Count; i++)
        {
            var start = onsets[i].Key;
            var end = onsets[i].Value.End;
            if (i + 1 < onsets.Count)
            {
                end = Math.Min(end, onsets[i + 1].Key);
            }

            notes.Add(new ThemeNote((int)(start - firstBar), (int)(end - start), onsets[i].Value.Pitch));
        }

        return new ResolvedTheme
        {
            Source = draft.Source,
            Track = draft.Track,
            TimeSignature = string.Create(CultureInfo.InvariantCulture, $"{draft.MeterNumerator}/{draft.MeterDenominator}"),
            Key = draft.Key ?? ImpliedKey(notes),
            Bpm = draft.Bpm is { } bpm ? Math.Round(bpm, 2) : null,
            Bars = (int)bars,
            Notes = notes,
        };
    }

    private static MusicalKey ImpliedKey(List<ThemeNote> notes)
    {
        // Duration-weighted, with the last note counted extra: a melody's tonal centre is where it comes to rest.
        var histogram = new double[12];
        foreach (var note in notes)
        {
            histogram[note.Pitch % 12] += note.Duration16;
        }

        histogram[notes[^1].Pitch % 12] += notes[^1].Duration16 * 2.0;
        return KeyProfiles.BestKey(histogram);
    }
}
