namespace Mureka.Engine.Arrangement.Internal;

/// <summary>Writes an extra layer; melody doublings play only where the energy lifts ("b" and the finale).</summary>
internal static class ExtraWriter
{
    private const double LiftEnergy = 0.75;

    public static void Write(ArrangementContext context, TrackBuilder track, ExtraPart part, IReadOnlyList<MelodyEvent> melody)
    {
        bool InLift(MelodyEvent e) => e.Bar.Energy >= LiftEnergy || e.Bar.Role == BarRole.Final;
        int? Range(int pitch) => Voicer.Fold(pitch, part.LowestPitch, part.HighestPitch);

        switch (part.Style)
        {
            case ExtraStyle.Pad:
                HarmonyWriter.Write(context, track, HarmonyStyle.SustainedPad, part.LowestPitch, part.HighestPitch, 0.8);
                break;
            case ExtraStyle.Arpeggio:
                HarmonyWriter.Write(context, track, HarmonyStyle.FastArpeggio, part.LowestPitch, part.HighestPitch, 0.7);
                break;
            case ExtraStyle.GuideTones:
                WriteGuideTones(context, track, part);
                break;
            case ExtraStyle.MelodyOctaveUp:
                MelodyWriter.Write(melody, track, InLift, p => Range(p + 12), 0.8);
                break;
            case ExtraStyle.MelodyOctaveDown:
                MelodyWriter.Write(melody, track, InLift, p => Range(p - 12), 0.8);
                break;
            case ExtraStyle.MelodyThirdBelow:
                MelodyWriter.Write(melody, track, InLift, p => MelodyWriter.DiatonicThirdBelow(context.Key, p) is int third ? Range(third) : null, 0.7);
                break;
            case ExtraStyle.RootPulse:
                WriteRootPulse(context, track, part);
                break;
        }
    }

    /// <summary>Each chord's 3rd or 7th, whichever is nearer the previous note, held for the chord.</summary>
    private static void WriteGuideTones(ArrangementContext context, TrackBuilder track, ExtraPart part)
    {
        var previous = (part.LowestPitch + part.HighestPitch) / 2;
        foreach (var bar in context.Bars)
        {
            foreach (var chord in context.ChordsOf(bar))
            {
                var classes = chord.PitchClasses;
                var candidates = classes.Count >= 4 ? new[] { classes[1], classes[3] } : [classes[1]];
                var pitch = candidates
                    .SelectMany(pc => Enumerable.Range(part.LowestPitch, part.HighestPitch - part.LowestPitch + 1).Where(p => p % 12 == pc))
                    .DefaultIfEmpty(previous)
                    .MinBy(p => Math.Abs(p - previous));
                var end = context.Tick(bar.Index, chord.End16) - (bar.Role == BarRole.Final ? ArrangementContext.ReleaseGapTicks : 0);
                track.AddTied(context.Tick(bar.Index, chord.Start16), end, pitch, 0.55, ArrangementContext.DynamicsOf(bar));
                previous = pitch;
            }
        }
    }

    /// <summary>Low roots on the beats, with a sixteenth pickup into each new section.</summary>
    private static void WriteRootPulse(ArrangementContext context, TrackBuilder track, ExtraPart part)
    {
        foreach (var bar in context.Bars.Where(b => b.Role is not (BarRole.Intro or BarRole.Breakdown)))
        {
            var dynamics = ArrangementContext.DynamicsOf(bar);
            var chords = context.ChordsOf(bar);
            var positions = Enumerable.Range(0, context.Sixteenths / context.Beat16).Select(b => b * context.Beat16).ToList();
            if (bar.Role == BarRole.Final)
            {
                positions = [context.FinalHit16];
            }
            else if (bar.EndsSection)
            {
                positions.AddRange([context.Sixteenths - 2, context.Sixteenths - 1]);
            }

            foreach (var p in positions.Distinct())
            {
                var chord = chords.Last(c => c.Start16 <= p);
                var root = part.LowestPitch + (((chord.RootPitchClass - part.LowestPitch) % 12) + 12) % 12;
                var start = context.Tick(bar.Index, p);
                track.Add(start, start + (ArrangementContext.TicksPerSixteenth * 2), root, context.Accent(p), dynamics);
            }
        }
    }
}
