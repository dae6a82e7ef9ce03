using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>A placed melody note, before it is given to a track.</summary>
internal readonly record struct MelodyEvent(long Start, long End, int Pitch, double Strength, BarPlan Bar);

/// <summary>
/// Places the composer's melody in the key and in an instrument's register. Pitches move only by whole
/// octaves (one shift for the whole line, then per note if a note still falls outside), so pitch classes
/// never change. The melody rests in intros and outros; the final hit of a non-loop piece resolves to the tonic.
/// </summary>
internal static class MelodyWriter
{
    private const int ThemeRegisterSlack = 5;

    public static IReadOnlyList<MelodyEvent> Place(ArrangementContext context, int lowestPitch, int highestPitch)
    {
        if (context.Sheet.ThemeBars is not null)
        {
            // A customer's theme keeps its shape: it may reach a fourth past the part's usual register (still well
            // inside the instrument's range) before a note is folded by an octave, which would break its intervals.
            lowestPitch -= ThemeRegisterSlack;
            highestPitch += ThemeRegisterSlack;
        }

        var shift = OctaveShift(context, lowestPitch, highestPitch);
        var events = new List<MelodyEvent>();
        foreach (var bar in context.Bars)
        {
            if (bar.Role is BarRole.Intro or BarRole.Outro || (bar.Role != BarRole.Final && context.Sheet.Bars.Count == 0))
            {
                continue;
            }

            if (bar.Role == BarRole.Final)
            {
                var last = events.Count > 0 ? events[^1].Pitch : context.Key.TonicMidi + shift;
                var tonic = NearestOfClass(context.Key.TonicPitchClass, last, lowestPitch, highestPitch);
                events.Add(new MelodyEvent(context.Tick(bar.Index, context.FinalHit16), context.Tick(bar.Index, context.Sixteenths) - ArrangementContext.ReleaseGapTicks, tonic, 0.75, bar));
                continue;
            }

            foreach (var note in context.Sheet.Bars[bar.LeadBar].Notes.OrderBy(n => n.Position16))
            {
                if (note.Position16 < 0 || note.Position16 >= context.Sixteenths || note.Duration16 <= 0)
                {
                    continue;
                }

                var pitch = Voicer.Fold(context.Key.TonicMidi + note.RelativePitch + shift, lowestPitch, highestPitch);
                var start = context.Tick(bar.Index, note.Position16);
                var end = context.Tick(bar.Index, note.Position16 + note.Duration16);
                events.Add(new MelodyEvent(start, end, Math.Clamp(pitch, 0, 127), 0.55 + (0.4 * context.Accent(note.Position16)), bar));
            }
        }

        // Monophonic: each note stops where the next begins, with a breath before a repeated pitch.
        events.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 0; i + 1 < events.Count; i++)
        {
            var next = events[i + 1];
            var limit = next.Pitch == events[i].Pitch ? next.Start - ArrangementContext.ReleaseGapTicks : next.Start;
            if (events[i].End > limit)
            {
                events[i] = events[i] with { End = Math.Max(events[i].Start + 1, limit) };
            }
        }

        return events;
    }

    public static void Write(IReadOnlyList<MelodyEvent> melody, TrackBuilder track, Func<MelodyEvent, bool> include, Func<int, int?> transform, double level = 1.0)
    {
        foreach (var e in melody)
        {
            if (!include(e) || transform(e.Pitch) is not int pitch)
            {
                continue;
            }

            track.Add(e.Start, e.End, pitch, e.Strength * level, ArrangementContext.DynamicsOf(e.Bar));
        }
    }

    /// <summary>The scale tone two degrees below (a diatonic third), or null for a note outside the scale.</summary>
    public static int? DiatonicThirdBelow(MusicalKey key, int pitch)
    {
        var relative = ((pitch - key.TonicPitchClass) % 12 + 12) % 12;
        var steps = key.ScaleSteps;
        var degree = steps.ToList().IndexOf(relative);
        if (degree < 0)
        {
            return null;
        }

        var target = degree - 2;
        var octaveDown = target < 0 ? 12 : 0;
        return pitch - relative + steps[(target + 7) % 7] - octaveDown;
    }

    private static int OctaveShift(ArrangementContext context, int lowestPitch, int highestPitch)
    {
        // A customer's theme is placed by its own notes: the development must not pull the statement out of shape.
        var bars = context.Sheet.ThemeBars is { } themeBars ? context.Sheet.Bars.Take(themeBars) : context.Sheet.Bars;
        var pitches = bars.SelectMany(b => b.Notes).Select(n => context.Key.TonicMidi + n.RelativePitch).ToList();
        if (pitches.Count == 0)
        {
            return 0;
        }

        var bestShift = 0;
        var bestOverflow = int.MaxValue;
        foreach (var shift in new[] { 0, 12, -12, 24, -24 })
        {
            var overflow = pitches.Sum(p => Math.Max(0, lowestPitch - (p + shift)) + Math.Max(0, (p + shift) - highestPitch));
            if (overflow < bestOverflow)
            {
                bestOverflow = overflow;
                bestShift = shift;
            }
        }

        return bestShift;
    }

    private static int NearestOfClass(int pitchClass, int reference, int lowestPitch, int highestPitch)
    {
        var below = reference - ((((reference - pitchClass) % 12) + 12) % 12);
        var candidate = reference - below <= 6 ? below : below + 12;
        return Voicer.Fold(candidate, lowestPitch, highestPitch);
    }
}
