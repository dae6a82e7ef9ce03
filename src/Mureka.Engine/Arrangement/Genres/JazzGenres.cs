using Mureka.Engine.Music;
using Mureka.Spec.Catalog;
using Mureka.Spec.Music;

namespace Mureka.Engine.Arrangement.Genres;

/// <summary>Jazz: a swinging small group.</summary>
internal static class JazzGenres
{
    public static GenreTemplate Jazz { get; } = new()
    {
        Profile = GenreProfiles.Jazz,
        KeepsRhythmSection = true,
        ComposerStyle = "song",
        Swing = new SwingFeel(2, 1.0 / 3),
        Melody = new(new PartVoice(65, 75, 110, Volume: 95, Pan: 72, ReverbSend: 50), 60, 82),
        Harmony = new(new PartVoice(0, 60, 90, Volume: 90, Pan: 50, ReverbSend: 45), HarmonyStyle.JazzShell, 52, 68),
        Bass = new(new PartVoice(32, 80, 110, Volume: 105, Pan: 60, ReverbSend: 25), BassStyle.Walking),
        Extras =
        [
            new("vibraphone", new PartVoice(11, 55, 80, Volume: 75, Pan: 88, ReverbSend: 60), ExtraStyle.GuideTones, 3, 60, 76),
        ],
        Drums = new DrumPart
        {
            Kit = 40,
            VelocityLow = 35,
            VelocityHigh = 90,
            Volume = 90,
            ReverbSend = 40,
            SectionHits = [49],
            FillNotes = [38, 38, 38, 38],
            FallbackKick = 36,
            FallbackSnare = 38,
            FallbackHat = 51,
            Grooves =
            [
                new(TimeSignature.FourFour,
                [
                    new(51, "x...x.o.x...x.o."),
                    new(44, "....x.......x..."),
                    new(36, "o...o...o...o...", 3),
                    new(38, "......o.......o.", 3),
                ]),
                new(TimeSignature.ThreeFour,
                [
                    new(51, "x...x.o.x.o."),
                    new(44, "....x...x..."),
                    new(36, "o...........", 3),
                ]),
                new(TimeSignature.SixEight,
                [
                    new(51, "x.o.o.x.o.o."),
                    new(44, "......x....."),
                    new(36, "o.....o.....", 3),
                ]),
            ],
        },
    };
}
