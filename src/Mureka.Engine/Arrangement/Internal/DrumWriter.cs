namespace Mureka.Engine.Arrangement.Internal;

/// <summary>
/// Writes the drum kit: the metre's groove (light lines in intros), section-start hits, a fill into each
/// new section at intensity 3, and a single hit on the final bar. Onsets stay on the (swung) sixteenth grid.
/// </summary>
internal static class DrumWriter
{
    private const int HitTicks = 60;

    public static void Write(ArrangementContext context, TrackBuilder track, DrumPart part)
    {
        var groove = GenericGrooves.Resolve(context.Meter, part);
        foreach (var bar in context.Bars)
        {
            var dynamics = ArrangementContext.DynamicsOf(bar);
            var startsNewSection = bar.StartsSection && bar.Index > 0;
            if (startsNewSection || bar.Role == BarRole.Final)
            {
                foreach (var note in part.SectionHits)
                {
                    Hit(context, track, bar.Index, 0, note, 1.0, dynamics);
                }
            }

            if (bar.Role == BarRole.Final)
            {
                continue;
            }

            var fillFrom = context.Sixteenths;
            if (bar.Role == BarRole.Body && bar.EndsSection && context.Plays(3) && part.FillNotes.Count > 0)
            {
                fillFrom = context.Sixteenths - context.Beat16;
                for (var p = fillFrom; p < context.Sixteenths; p++)
                {
                    var note = part.FillNotes[(p - fillFrom) % part.FillNotes.Count];
                    Hit(context, track, bar.Index, p, note, 0.55 + (0.4 * (p - fillFrom) / context.Beat16), dynamics);
                }
            }

            var maxLayer = bar.Role == BarRole.Intro ? Math.Min(2, context.Intensity) : context.Intensity;
            foreach (var line in groove.Lines.Where(l => l.Layer <= maxLayer && l.Pattern.Length > 0))
            {
                for (var p = 0; p < fillFrom; p++)
                {
                    var strength = line.Pattern[p % line.Pattern.Length] switch
                    {
                        'X' => 1.0,
                        'x' => 0.7,
                        'o' => 0.35,
                        _ => -1.0,
                    };
                    if (strength >= 0)
                    {
                        Hit(context, track, bar.Index, p, line.Note, strength, dynamics);
                    }
                }
            }
        }
    }

    /// <summary>The lowest layer at which this part plays anything.</summary>
    public static int FirstLayer(DrumPart part, Music.TimeSignature meter) =>
        GenericGrooves.Resolve(meter, part).Lines.Select(l => l.Layer).DefaultIfEmpty(3).Min();

    private static void Hit(ArrangementContext context, TrackBuilder track, int bar, int position16, int note, double strength, int dynamics)
    {
        var start = context.Tick(bar, position16);
        track.Add(start, start + HitTicks, note, strength, dynamics);
    }
}
