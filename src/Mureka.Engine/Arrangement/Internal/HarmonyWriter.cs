namespace Mureka.Engine.Arrangement.Internal;

/// <summary>Writes a chord part in one of the <see cref="HarmonyStyle"/>s; the final bar always holds the tonic.</summary>
internal static class HarmonyWriter
{
    private const int StrumStaggerTicks = 10;

    public static void Write(ArrangementContext context, TrackBuilder track, HarmonyStyle style, int lowestPitch, int highestPitch, double level = 1.0)
    {
        var voicer = new Voicer(lowestPitch, highestPitch);
        var barRhythm = BarRhythm(context, style);
        foreach (var bar in context.Bars)
        {
            var dynamics = ArrangementContext.DynamicsOf(bar);
            foreach (var chord in context.ChordsOf(bar))
            {
                var voicing = style switch
                {
                    HarmonyStyle.JazzShell => voicer.Next(Voicer.JazzShell(chord)),
                    HarmonyStyle.PowerChords => Voicer.Power(chord.RootPitchClass, lowestPitch),
                    _ => voicer.Next(chord.PitchClasses),
                };

                if (bar.Role == BarRole.Final || style == HarmonyStyle.SustainedPad)
                {
                    var end = context.Tick(bar.Index, chord.End16) - (bar.Role == BarRole.Final ? ArrangementContext.ReleaseGapTicks : 0);
                    foreach (var pitch in voicing)
                    {
                        track.AddTied(context.Tick(bar.Index, chord.Start16), end, pitch, 0.6 * level, dynamics);
                    }

                    continue;
                }

                var strikeOnChange = style is not (HarmonyStyle.OffbeatStabs or HarmonyStyle.Waltz);
                var onsets = Rhythms.Within(barRhythm, chord, strikeOnChange);
                for (var i = 0; i < onsets.Count; i++)
                {
                    WriteOnset(context, track, style, bar.Index, onsets[i], i, voicing, level, dynamics);
                }
            }
        }
    }

    private static IReadOnlyList<Onset> BarRhythm(ArrangementContext context, HarmonyStyle style) => style switch
    {
        HarmonyStyle.BlockBeats => Rhythms.EveryStep(context, context.Beat16, context.Beat16),
        HarmonyStyle.EighthPulse or HarmonyStyle.PowerChords or HarmonyStyle.Arpeggio or HarmonyStyle.BrokenChord => Rhythms.EveryStep(context, 2, 2),
        HarmonyStyle.FastArpeggio => Rhythms.EveryStep(context, 1, 1),
        HarmonyStyle.OffbeatStabs => Rhythms.OffbeatEighths(context, 1),
        HarmonyStyle.Waltz => Rhythms.WeakBeats(context),
        HarmonyStyle.JazzShell => Rhythms.Charleston(context),
        HarmonyStyle.Strum => Rhythms.Strum(context),
        _ => [new Onset(0, context.Sixteenths, 0.6)],
    };

    private static void WriteOnset(
        ArrangementContext context,
        TrackBuilder track,
        HarmonyStyle style,
        int bar,
        Onset onset,
        int indexInSpan,
        int[] voicing,
        double level,
        int dynamics)
    {
        var start = context.Tick(bar, onset.Position16);
        var end = context.Tick(bar, onset.Position16 + onset.Length16) - ArrangementContext.ReleaseGapTicks;
        var strength = onset.Strength * level;
        switch (style)
        {
            case HarmonyStyle.Arpeggio:
            case HarmonyStyle.FastArpeggio:
                track.Add(start, end, ArpeggioTone(voicing, indexInSpan), strength, dynamics);
                break;
            case HarmonyStyle.BrokenChord:
                track.Add(start, end, AlbertiTone(voicing, indexInSpan), strength, dynamics);
                break;
            case HarmonyStyle.Strum:
                for (var i = 0; i < voicing.Length; i++)
                {
                    // Down-strokes sound low to high, up-strokes high to low.
                    var order = onset.Variant == 1 ? voicing.Length - 1 - i : i;
                    track.Add(start + (i * StrumStaggerTicks), end, voicing[order], strength, dynamics);
                }

                break;
            default:
                foreach (var pitch in voicing)
                {
                    track.Add(start, end, pitch, strength, dynamics);
                }

                break;
        }
    }

    /// <summary>Up and down through the voicing plus the bass note's octave on top.</summary>
    private static int ArpeggioTone(int[] voicing, int index)
    {
        int[] tones = [.. voicing, voicing[0] + 12];
        var cycle = (2 * tones.Length) - 2;
        var step = index % cycle;
        return tones[step < tones.Length ? step : cycle - step];
    }

    /// <summary>Low, high, middle, high.</summary>
    private static int AlbertiTone(int[] voicing, int index) => (index % 4) switch
    {
        0 => voicing[0],
        2 => voicing[voicing.Length / 2],
        _ => voicing[^1],
    };
}
