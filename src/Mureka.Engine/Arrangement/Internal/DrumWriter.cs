using Mureka.Spec.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>Which lines of the kit a drum track plays; each is its own track so lower intensities stay identical inside higher ones.</summary>
internal enum KitLayer
{
    /// <summary>Kick and backbeat, fills, section crashes, build rolls and the final hit.</summary>
    Core,

    /// <summary>Hats, shakers and cymbal lines of the main groove, with the answer every second bar.</summary>
    Hats,

    /// <summary>The layer-3 lines that fill the groove out at full intensity.</summary>
    Percussion,
}

/// <summary>
/// Writes the drum kit from the piece's <see cref="GrooveSet"/>: the main groove with an answer every second
/// bar, a busier lift where the energy is high, fills at phrase and section ends (bigger into a lift), a snare
/// roll through builds, crashes on new sections, and the final hit after an optional turnaround fill.
/// At intensity 1 a beat genre keeps its kick and backbeat; energy dips (breakdowns) drop the kit.
/// </summary>
internal static class DrumWriter
{
    private const int HitTicks = 60;

    public static void Write(ArrangementContext context, TrackBuilder track, DrumPart part, string genre, KitLayer layer)
    {
        var grooves = GrooveSet.For(context, part, genre);
        foreach (var bar in context.Bars)
        {
            var dynamics = ArrangementContext.DynamicsOf(bar);
            if (bar.Role == BarRole.Final)
            {
                if (layer == KitLayer.Core)
                {
                    WriteEnding(context, track, part, bar, dynamics);
                }

                continue;
            }

            if (layer == KitLayer.Core && bar.StartsSection && bar.Index > 0 && bar.Energy >= 0.55)
            {
                foreach (var note in part.SectionHits)
                {
                    Hit(context, track, bar.Index, 0, note, 1.0, dynamics);
                }
            }

            if (bar.Role == BarRole.Build)
            {
                if (layer == KitLayer.Core)
                {
                    DrumFills.WriteBuildBar(context, track, part, bar, dynamics);
                }

                continue;
            }

            var fillFrom = context.Sixteenths;
            if (bar.EndsPhrase && part.FillNotes.Count > 0)
            {
                var shape = DrumFills.Choose(context, bar, grooves.FillStyleSeed);
                fillFrom = context.Sixteenths - DrumFills.Length(context, shape);
                if (layer == KitLayer.Core)
                {
                    DrumFills.Write(context, track, part, bar.Index, fillFrom, context.Sixteenths, shape, dynamics);
                }
            }

            var groove = bar.Energy >= 0.75 ? grooves.Lift : grooves.Main;
            var lines = groove.Lines.Where(l => l.Pattern.Length > 0 && Plays(l, layer)).ToList();
            var barInSection = bar.Index - context.SectionStart(bar);
            if (layer == KitLayer.Hats && grooves.Answer is { } answer && barInSection % 2 == 1)
            {
                lines.Add(answer);
            }

            foreach (var line in lines)
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

    /// <summary>The intensity layer of a kit track: the core's is its lines' lowest, hats 2, percussion 3.</summary>
    public static int LayerOf(DrumPart part, TimeSignature meter, KitLayer layer) => layer switch
    {
        KitLayer.Core => GenericGrooves.Resolve(meter, part).Lines.Where(l => Plays(l, KitLayer.Core)).Select(l => l.Layer).DefaultIfEmpty(2).Min(),
        KitLayer.Hats => 2,
        _ => 3,
    };

    internal static void Hit(ArrangementContext context, TrackBuilder track, int bar, int position16, int note, double strength, int dynamics)
    {
        var start = context.Tick(bar, position16);
        track.Add(start, start + HitTicks, note, strength, dynamics);
    }

    private static bool Plays(DrumLine line, KitLayer layer) => layer switch
    {
        KitLayer.Core => line.Layer <= 2 && GrooveSet.IsCore(line.Note),
        KitLayer.Hats => line.Layer <= 2 && !GrooveSet.IsCore(line.Note),
        _ => line.Layer >= 3,
    };

    private static void WriteEnding(ArrangementContext context, TrackBuilder track, DrumPart part, BarPlan bar, int dynamics)
    {
        if (context.FinalHit16 > 0)
        {
            DrumFills.Write(context, track, part, bar.Index, 0, context.FinalHit16, FillShape.Eighths, dynamics);
        }

        foreach (var note in part.SectionHits)
        {
            Hit(context, track, bar.Index, context.FinalHit16, note, 1.0, dynamics);
        }
    }
}
