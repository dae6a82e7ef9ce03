namespace Mureka.Engine.Arrangement.Internal;

/// <summary>Writes the bass line in one of the <see cref="BassStyle"/>s, inside MIDI 28–55.</summary>
internal static class BassWriter
{
    public const int LowestPitch = 28;
    public const int HighestPitch = 55;

    // Roots sit in G1..F#2 so fifths and octaves above them stay under G3.
    private const int RootFloor = 31;

    private const int Root = 0;
    private const int Fifth = 1;
    internal const int Octave = 2;

    public static void Write(ArrangementContext context, TrackBuilder track, BassStyle style, string genre)
    {
        var barRhythm = BarRhythm(context, style);
        var variation = BassVariation.For(context.Seed, genre);
        var previousPitch = RootFloor + 7;
        foreach (var bar in context.Bars)
        {
            var dynamics = ArrangementContext.DynamicsOf(bar);
            var chords = context.ChordsOf(bar);
            for (var c = 0; c < chords.Count; c++)
            {
                var chord = chords[c];
                var root = RootFloor + (((chord.RootPitchClass - RootFloor) % 12) + 12) % 12;
                if (bar.Role == BarRole.Final)
                {
                    track.Add(context.Tick(bar.Index, chord.Start16), context.Tick(bar.Index, chord.End16) - ArrangementContext.ReleaseGapTicks, root, 0.75, dynamics);
                    continue;
                }

                if (style == BassStyle.Walking)
                {
                    var next = c + 1 < chords.Count ? chords[c + 1] : context.NextChordAfter(bar);
                    previousPitch = Walk(context, track, bar, chord, next, previousPitch, dynamics);
                    continue;
                }

                var following = c + 1 < chords.Count ? chords[c + 1] : context.NextChordAfter(bar);
                var onsets = variation.Apply(
                    Rhythms.Within(barRhythm, chord, strikeOnChange: style != BassStyle.OffbeatPump),
                    chord,
                    following.RootPitchClass != chord.RootPitchClass,
                    style,
                    context.Sixteenths);
                for (var i = 0; i < onsets.Count; i++)
                {
                    var onset = onsets[i];
                    var tone = style is BassStyle.Arpeggiated or BassStyle.LeftHand or BassStyle.OctavePump ? Cycle(style, i) : onset.Variant;
                    if (style == BassStyle.Waltz && bar.Index % 2 == 1 && onset.Position16 == 0 && chord.Start16 == 0)
                    {
                        tone = Fifth; // the "oom" alternates root and fifth bar by bar
                    }

                    var pitch = tone switch
                    {
                        Fifth => root + (chord.Quality == Music.ChordQuality.Diminished ? 6 : 7),
                        Octave => root + 12,
                        BassVariation.Approach => Nearest(following.RootPitchClass, root) - 1,
                        _ => root,
                    };
                    var start = context.Tick(bar.Index, onset.Position16);
                    var end = context.Tick(bar.Index, onset.Position16 + onset.Length16) - ArrangementContext.ReleaseGapTicks;
                    track.Add(start, end, pitch, onset.Strength, dynamics);
                }
            }
        }
    }

    private static IReadOnlyList<Onset> BarRhythm(ArrangementContext context, BassStyle style)
    {
        var s = context.Sixteenths;
        var compound = context.Meter.Denominator == 8;
        return style switch
        {
            BassStyle.RootFifth => compound || s == 16
                ? [new(0, s / 2, 0.8), new(s / 2, s / 2, 0.65, Fifth)]
                : [new(0, 8, 0.8), new(8, 4, 0.6, Fifth)],
            BassStyle.OctavePump or BassStyle.RootEighths or BassStyle.Arpeggiated or BassStyle.LeftHand =>
                Rhythms.EveryStep(context, 2, style == BassStyle.LeftHand ? 3 : 2),
            BassStyle.OffbeatPump => Rhythms.OffbeatEighths(context, 2),
            BassStyle.Waltz => compound || s == 16
                ? [new(0, 3, 0.8), new(s / 2, 3, 0.65, Fifth)]
                : [new(0, 3, 0.8)],
            BassStyle.Syncopated => compound
                ? [new(0, 5, 0.8), new(6, 4, 0.6, Fifth), new(10, 2, 0.5)]
                : s == 12
                    ? [new(0, 6, 0.8), new(7, 2, 0.5, Octave), new(10, 2, 0.55, Fifth)]
                    : [new(0, 6, 0.8), new(7, 2, 0.5, Octave), new(10, 4, 0.6, Fifth), new(14, 2, 0.45)],
            _ => [new(0, s, 0.75)],
        };
    }

    private static int Cycle(BassStyle style, int index) => style == BassStyle.OctavePump
        ? (index % 2 == 0 ? Root : Octave)
        : (index % 4) switch { 0 => Root, 2 => Octave, _ => Fifth };

    /// <summary>Quarter-note walk: root, chord tones, then a chromatic approach into the next chord's root.</summary>
    private static int Walk(ArrangementContext context, TrackBuilder track, BarPlan bar, ChordSpan chord, ChordSpan next, int previousPitch, int dynamics)
    {
        var beats = new List<int>();
        for (var p = chord.Start16; p < chord.End16; p += context.Beat16)
        {
            beats.Add(p);
        }

        var tones = chord.PitchClasses;
        for (var k = 0; k < beats.Count; k++)
        {
            int pitch;
            if (k == 0)
            {
                pitch = Nearest(chord.RootPitchClass, previousPitch);
            }
            else if (k == beats.Count - 1 && next.RootPitchClass != chord.RootPitchClass)
            {
                var target = Nearest(next.RootPitchClass, previousPitch);
                pitch = target > previousPitch ? target - 1 : target + 1;
            }
            else
            {
                pitch = Nearest(tones[Math.Min(k, tones.Count - 1)], previousPitch);
            }

            pitch = Math.Clamp(pitch, LowestPitch, HighestPitch);
            var end = Math.Min(beats[k] + context.Beat16, chord.End16);
            track.Add(context.Tick(bar.Index, beats[k]), context.Tick(bar.Index, end) - ArrangementContext.ReleaseGapTicks, pitch, context.Accent(beats[k]) * 0.85, dynamics);
            previousPitch = pitch;
        }

        return previousPitch;
    }

    /// <summary>The pitch of this class nearest to the reference inside the bass range, pulled towards its middle.</summary>
    private static int Nearest(int pitchClass, int reference)
    {
        var best = -1;
        var bestDistance = int.MaxValue;
        for (var pitch = LowestPitch + 2; pitch <= HighestPitch - 5; pitch++)
        {
            var distance = Math.Abs(pitch - reference) + (Math.Abs(pitch - 40) / 4);
            if (((pitch % 12) + 12) % 12 == pitchClass && distance < bestDistance)
            {
                best = pitch;
                bestDistance = distance;
            }
        }

        return best;
    }
}
