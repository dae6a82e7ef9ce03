using Mureka.Engine.Music;
using Mureka.Spec.Catalog;
using Mureka.Spec.Music;

namespace Mureka.Engine.Arrangement.Genres;

/// <summary>Quiet, keys- and pad-led genres: ambient, lo-fi hip hop, solo piano.</summary>
internal static class AmbientGenres
{
    public static GenreTemplate Ambient { get; } = new()
    {
        Profile = GenreProfiles.Ambient,
        ComposerStyle = "song",
        Melody = new(new PartVoice(88, 55, 85, Volume: 90, ReverbSend: 110, ChorusSend: 40), 60, 84),
        Harmony = new(new PartVoice(89, 55, 75, Volume: 95, ReverbSend: 110, ChorusSend: 50), HarmonyStyle.SustainedPad, 50, 72),
        Bass = new(new PartVoice(89, 60, 80, Volume: 85, ReverbSend: 90), BassStyle.RootWhole),
        Extras =
        [
            new("choir-pad", new PartVoice(91, 50, 70, Volume: 80, Pan: 44, ReverbSend: 120), ExtraStyle.GuideTones, 2, 60, 76),
            new("shimmer", new PartVoice(46, 45, 70, Volume: 75, Pan: 88, ReverbSend: 120), ExtraStyle.Arpeggio, 3, 67, 88),
        ],
        Drums = new DrumPart
        {
            Kit = 0,
            VelocityLow = 25,
            VelocityHigh = 55,
            Volume = 70,
            ReverbSend = 90,
            SectionHits = [81],
            FillNotes = [],
            Grooves =
            [
                new(TimeSignature.FourFour, [new(82, "o.x.o.x.o.x.o.x.", 3)]),
                new(TimeSignature.ThreeFour, [new(82, "x.o.o.x.o.o.", 3)]),
                new(TimeSignature.SixEight, [new(82, "x.o.o.x.o.o.", 3)]),
            ],
        },
    };

    public static GenreTemplate LofiHipHop { get; } = new()
    {
        Profile = GenreProfiles.LofiHipHop,
        KeepsRhythmSection = true,
        ComposerStyle = "song",
        Swing = new SwingFeel(2, 0.18),
        Melody = new(new PartVoice(26, 70, 100, Volume: 90, Pan: 74, ReverbSend: 60), 60, 82),
        Harmony = new(new PartVoice(4, 60, 90, Volume: 95, Pan: 54, ReverbSend: 55, ChorusSend: 40), HarmonyStyle.JazzShell, 52, 70),
        Bass = new(new PartVoice(32, 85, 110, Volume: 100, ReverbSend: 15), BassStyle.Syncopated),
        Extras =
        [
            new("warm-pad", new PartVoice(89, 40, 60, Volume: 70, ReverbSend: 90), ExtraStyle.Pad, 3, 55, 74),
        ],
        Drums = new DrumPart
        {
            Kit = 8,
            VelocityLow = 40,
            VelocityHigh = 100,
            Volume = 95,
            ReverbSend = 25,
            SectionHits = [36, 46],
            FillNotes = [38, 37, 38, 45],
            FallbackSnare = 38,
            Grooves =
            [
                new(TimeSignature.FourFour,
                [
                    new(36, "X.....x...X....."),
                    new(38, "....X.......X..."),
                    new(42, "x.o.x.o.x.o.x.o."),
                    new(37, "..........o....o", 3),
                    new(46, "..............x.", 3),
                ]),
            ],
        },
    };

    public static GenreTemplate SoloPiano { get; } = new()
    {
        Profile = GenreProfiles.SoloPiano,
        ComposerStyle = "song",
        Melody = new(new PartVoice(0, 70, 105, Volume: 100, Pan: 70, ReverbSend: 60), 64, 88),
        Harmony = new(new PartVoice(0, 50, 70, Volume: 90, Pan: 62, ReverbSend: 60), HarmonyStyle.SustainedPad, 55, 71),
        Bass = new(new PartVoice(0, 60, 85, Volume: 95, Pan: 56, ReverbSend: 60), BassStyle.LeftHand),
        Extras =
        [
            new("melody-octaves", new PartVoice(0, 60, 90, Volume: 85, Pan: 66, ReverbSend: 60), ExtraStyle.MelodyOctaveDown, 3, 52, 76),
        ],
    };
}
