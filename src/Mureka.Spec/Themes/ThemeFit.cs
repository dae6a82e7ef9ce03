using System.Globalization;
using Mureka.Spec.Music;

namespace Mureka.Spec.Themes;

/// <summary>
/// How a theme's own key, metre and tempo become the piece's: used as they are unless the request sets them, in which
/// case the theme is transposed (its intervals kept exactly) or re-barred. A metre or tempo the piece cannot take is
/// named as the theme's problem, with the field that would override it.
/// </summary>
internal static class ThemeFit
{
    public static TimeSignature? Meter(ResolvedTheme theme, MusicSpec request, ICollection<FieldError> errors)
    {
        if (TimeSignature.TryParse(theme.TimeSignature, out var meter))
        {
            return meter;
        }

        // Cut time is 4/4 on the sixteenth grid: the same bar, counted in two.
        if (theme.TimeSignature == "2/2")
        {
            return TimeSignature.FourFour;
        }

        if (request.TimeSignature is null)
        {
            errors.Add(new(FieldOf(theme), $"is in {theme.TimeSignature}, which the composer does not play ({string.Join(", ", TimeSignature.Supported)}); set time_signature to re-bar the theme"));
        }

        return null;
    }

    public static void Tempo(ResolvedTheme theme, MusicSpec request, ICollection<FieldError> errors)
    {
        if (request.Bpm is null && theme.Bpm is { } bpm && (bpm < SpecLimits.MinBpm || bpm > SpecLimits.MaxBpm))
        {
            errors.Add(new(FieldOf(theme), $"its tempo {bpm.ToString("0.##", CultureInfo.InvariantCulture)} bpm is outside {SpecLimits.MinBpm}–{SpecLimits.MaxBpm}; set bpm to choose one"));
        }
    }

    /// <summary>What the interpretation says about the theme: where it came from and what was changed to fit.</summary>
    public static IEnumerable<string> Notes(ResolvedTheme theme, ResolvedMusicSpec spec)
    {
        var from = theme.Track is null ? theme.Source.ToUpperInvariant() : $"MIDI track '{theme.Track}'";
        yield return string.Create(CultureInfo.InvariantCulture, $"theme: {theme.Notes.Count} notes over {theme.Bars} bars of {theme.TimeSignature} from {from}, in {theme.Key.Name}");
        if (theme.Key != spec.Key)
        {
            yield return $"theme transposed from {theme.Key.Name} to {spec.Key.Name}";
        }

        if (theme.TimeSignature != spec.TimeSignature.ToString())
        {
            yield return $"theme re-barred from {theme.TimeSignature} to {spec.TimeSignature}";
        }

        if (theme.Bpm is { } bpm && Math.Abs(bpm - spec.Bpm) > 0.01)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"theme re-timed from {bpm:0.##} to {spec.Bpm:0.##} bpm");
        }
    }

    private static string FieldOf(ResolvedTheme theme) => theme.Source == "midi" ? ThemeReader.MidiField : ThemeReader.AbcField;
}
