using Mureka.Engine.Music;

namespace Mureka.Engine.Arrangement.Internal;

internal enum FillShape
{
    /// <summary>Sixteenths through the last beat.</summary>
    LastBeat,

    /// <summary>Eighths through the last two beats.</summary>
    Eighths,

    /// <summary>A short figure on the last beat: on the beat, its "and" and the last sixteenth.</summary>
    Pickup,

    /// <summary>Sixteenths through the last two beats: into a lift.</summary>
    Roll,
}

/// <summary>Drum fills and the build's snare roll, played on the kit's fill notes with a crescendo.</summary>
internal static class DrumFills
{
    /// <summary>Bigger fills lead into a rise in energy; phrase ends inside a section get a light figure.</summary>
    public static FillShape Choose(ArrangementContext context, BarPlan bar, int styleSeed)
    {
        var next = bar.Index + 1 < context.Bars.Count ? context.Bars[bar.Index + 1] : context.Bars[0];
        var pick = new DeterministicRandom((ulong)styleSeed, (ulong)bar.Index).NextDouble();
        if (bar.EndsSection && next.Energy > bar.Energy + 0.1)
        {
            return pick < 0.6 ? FillShape.Roll : FillShape.Eighths;
        }

        if (bar.EndsSection)
        {
            return pick < 0.5 ? FillShape.LastBeat : FillShape.Eighths;
        }

        return pick < 0.6 ? FillShape.Pickup : FillShape.LastBeat;
    }

    public static int Length(ArrangementContext context, FillShape shape) => shape switch
    {
        FillShape.Eighths or FillShape.Roll => Math.Min(context.Sixteenths, 2 * context.Beat16),
        _ => context.Beat16,
    };

    /// <summary>Writes a fill over [from16, to16) of a bar.</summary>
    public static void Write(ArrangementContext context, TrackBuilder track, DrumPart part, int bar, int from16, int to16, FillShape shape, int dynamics)
    {
        var notes = part.FillNotes.Count > 0 ? part.FillNotes : [part.FallbackSnare];
        var positions = shape switch
        {
            FillShape.Eighths => Enumerable.Range(from16, to16 - from16).Where(p => (p - from16) % 2 == 0).ToList(),
            FillShape.Pickup => new[] { from16, from16 + (context.Beat16 / 2), to16 - 1 }.Where(p => p >= from16 && p < to16).Distinct().ToList(),
            _ => Enumerable.Range(from16, to16 - from16).ToList(),
        };

        for (var i = 0; i < positions.Count; i++)
        {
            // The palette walks down the kit (snare, toms) as the fill goes on.
            var note = notes[Math.Min(notes.Count - 1, i * notes.Count / Math.Max(1, positions.Count))];
            var strength = 0.5 + (0.45 * i / Math.Max(1, positions.Count - 1));
            DrumWriter.Hit(context, track, bar, positions[i], note, strength, dynamics);
        }
    }

    /// <summary>One bar of a build: kick on the beats, a snare getting denser (quarters, eighths, sixteenths) and louder.</summary>
    public static void WriteBuildBar(ArrangementContext context, TrackBuilder track, DrumPart part, BarPlan bar, int dynamics)
    {
        var buildStart = context.SectionStart(bar);
        var buildEnd = bar.Index;
        while (buildEnd + 1 < context.Bars.Count && context.Bars[buildEnd + 1].Role == BarRole.Build)
        {
            buildEnd++;
        }

        var progress = buildEnd == buildStart ? 1.0 : (double)(bar.Index - buildStart) / (buildEnd - buildStart);
        var step = progress < 0.34 ? context.Beat16 : progress < 0.99 ? 2 : 1;
        var snare = part.FillNotes.Count > 0 ? part.FillNotes[0] : part.FallbackSnare;
        for (var p = 0; p < context.Sixteenths; p++)
        {
            var within = (double)p / context.Sixteenths;
            if (p % context.Beat16 == 0)
            {
                DrumWriter.Hit(context, track, bar.Index, p, part.FallbackKick, 0.8, dynamics);
            }

            if (p % step == 0)
            {
                DrumWriter.Hit(context, track, bar.Index, p, snare, 0.35 + (0.6 * ((progress * 0.8) + (within * 0.2))), dynamics);
            }
        }
    }
}
