namespace Mureka.Spec.Themes;

/// <summary>A read theme that arrived from elsewhere (a host's boundary) must still be one a reader could have written.</summary>
public static class ThemeChecks
{
    public static void Resolved(ResolvedTheme theme, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(theme);
        ArgumentNullException.ThrowIfNull(errors);
        if (theme.Source is not ("midi" or "abc" or "composed"))
        {
            errors.Add(new("theme.source", "must be midi, abc or composed"));
        }

        if (theme.Bars is < 1 or > ThemeLimits.MaxBars)
        {
            errors.Add(new("theme.bars", $"must be between 1 and {ThemeLimits.MaxBars}"));
        }

        if (theme.Notes is null || theme.Notes.Count is < ThemeLimits.MinNotes or > ThemeLimits.MaxNotes)
        {
            errors.Add(new("theme.notes", $"must hold {ThemeLimits.MinNotes}–{ThemeLimits.MaxNotes} notes"));
            return;
        }

        // Sixteenths in the longest bar a reader accepts (32/4), times the bar cap.
        const int maxSpan = 128 * ThemeLimits.MaxBars;
        for (var i = 0; i < theme.Notes.Count; i++)
        {
            var note = theme.Notes[i];
            if (note is null || note.Start16 < 0 || note.Duration16 < 1 || note.Start16 + note.Duration16 > maxSpan || note.Pitch is < 0 or > 127
                || (i > 0 && note.Start16 < theme.Notes[i - 1].Start16 + theme.Notes[i - 1].Duration16))
            {
                errors.Add(new($"theme.notes[{i}]", "must be a note of the one-voice melody, in order, on the grid, with a MIDI pitch"));
                return;
            }
        }
    }
}
