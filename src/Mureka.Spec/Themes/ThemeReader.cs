namespace Mureka.Spec.Themes;

/// <summary>
/// Checks a <see cref="MusicTheme"/> and reads its melody. Every problem is named against the field it is in
/// (<c>theme</c>, <c>theme.midi</c>, <c>theme.abc</c>, <c>theme.track</c>) with the reason, so a caller can fix it.
/// </summary>
public static class ThemeReader
{
    public const string Field = "theme";
    public const string MidiField = "theme.midi";
    public const string AbcField = "theme.abc";
    public const string TrackField = "theme.track";

    /// <returns>The melody, or null when an error was added.</returns>
    public static ResolvedTheme? Read(MusicTheme theme, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(theme);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        if ((theme.Midi is null) == (theme.Abc is null))
        {
            errors.Add(new(Field, "give exactly one of midi (a Standard MIDI File, base64 in JSON) or abc (ABC notation text)"));
        }

        if (theme.Midi is { Length: > ThemeLimits.MaxMidiBytes } midi)
        {
            errors.Add(new(MidiField, $"must be at most {ThemeLimits.MaxMidiBytes} bytes (got {midi.Length})"));
        }

        if (theme.Abc is { Length: > ThemeLimits.MaxAbcChars } abc)
        {
            errors.Add(new(AbcField, $"must be at most {ThemeLimits.MaxAbcChars} characters (got {abc.Length})"));
        }

        if (theme.Track is { } track)
        {
            if (theme.Abc is not null)
            {
                errors.Add(new(TrackField, "applies only to a MIDI theme"));
            }
            else if (track.Trim().Length == 0 || track.Length > ThemeLimits.MaxTrackNameLength || track.Any(char.IsControl))
            {
                errors.Add(new(TrackField, $"must be a track name of 1–{ThemeLimits.MaxTrackNameLength} characters without control characters"));
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        var field = theme.Midi is not null ? MidiField : AbcField;
        try
        {
            var draft = theme.Midi is { } bytes ? MidiThemeReader.Read(bytes, theme.Track) : AbcThemeReader.Read(theme.Abc!);
            return ThemeNormaliser.Normalise(draft);
        }
        catch (ThemeTrackException e)
        {
            errors.Add(new(TrackField, e.Message));
        }
        catch (ThemeFormatException e)
        {
            errors.Add(new(field, e.Message));
        }

        return null;
    }
}
