using Mureka.Engine.Music;
using Mureka.Spec.Music;
using Mureka.Spec.Themes;

namespace Mureka.Engine.Adaptive;

/// <summary>
/// The theme an adaptive set is built on when the customer brings none: the melody of the opening phrase of a lead
/// sheet the model composed, read as a theme would be read from a file. Every state, transition and stinger is then
/// composed on it, so they share its motif and, through the theme harmoniser, its chord language.
/// </summary>
internal static class SetTheme
{
    /// <summary>Bars of the composed sheet the theme keeps: one four-bar phrase.</summary>
    public const int Bars = 4;

    public static ResolvedTheme FromLeadSheet(LeadSheet sheet, MusicalKey key, double bpm)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var barSixteenths = sheet.Meter.SixteenthsPerBar;
        var notes = sheet.Bars
            .Take(Bars)
            .SelectMany((bar, index) => bar.Notes.Select(n => new ThemeNote((index * barSixteenths) + n.Position16, n.Duration16, key.TonicMidi + n.RelativePitch)))
            .Where(n => n.Duration16 > 0 && n.Pitch is >= 0 and <= 127)
            .ToList();
        if (notes.Count < ThemeLimits.MinNotes)
        {
            throw new InvalidOperationException($"the composed phrase has {notes.Count} notes; a theme needs at least {ThemeLimits.MinNotes}");
        }

        return new ResolvedTheme
        {
            Source = "composed",
            TimeSignature = sheet.Meter.ToString(),
            Key = key,
            Bpm = bpm,
            Bars = Bars,
            Notes = notes,
        };
    }
}
