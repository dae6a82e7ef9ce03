using Mureka.Engine.Music;
using Mureka.Spec.Catalog;
using Mureka.Spec.Music;

namespace Mureka.Engine.Arrangement.Genres;

/// <summary>Band genres: corporate pop, rock, acoustic folk.</summary>
internal static class BandGenres
{
    public static GenreTemplate CorporatePop { get; } = new()
    {
        Profile = GenreProfiles.CorporatePop,
        KeepsRhythmSection = true,
        ComposerStyle = "song",
        Melody = new(new PartVoice(0, 80, 115, Volume: 100, Pan: 60, ReverbSend: 50), 64, 88),
        Harmony = new(new PartVoice(27, 65, 95, Volume: 85, Pan: 84, ReverbSend: 40, ChorusSend: 40), HarmonyStyle.EighthPulse, 52, 72),
        Bass = new(new PartVoice(33, 85, 110, Volume: 100, ReverbSend: 15), BassStyle.RootEighths),
        Extras =
        [
            new("strings", new PartVoice(48, 55, 80, Volume: 80, Pan: 44, ReverbSend: 80), ExtraStyle.Pad, 3, 55, 76),
            new("glockenspiel", new PartVoice(9, 60, 90, Volume: 75, Pan: 76, ReverbSend: 70), ExtraStyle.MelodyOctaveUp, 3, 76, 100),
        ],
        Drums = new DrumPart
        {
            Kit = 0,
            VelocityLow = 55,
            VelocityHigh = 110,
            ReverbSend = 35,
            FallbackSnare = 39,
            Grooves =
            [
                new(TimeSignature.FourFour,
                [
                    new(36, "X.....x.X......."),
                    new(39, "....X.......X..."),
                    new(42, "x.x.x.x.x.x.x.x."),
                    new(54, "..o...o...o...o.", 3),
                    new(46, "..............x.", 3),
                ]),
            ],
        },
    };

    public static GenreTemplate Rock { get; } = new()
    {
        Profile = GenreProfiles.Rock,
        KeepsRhythmSection = true,
        ComposerStyle = "song",
        Melody = new(new PartVoice(29, 90, 118, Volume: 100, Pan: 70, ReverbSend: 45), 60, 84),
        Harmony = new(new PartVoice(30, 85, 115, Volume: 90, Pan: 40, ReverbSend: 30), HarmonyStyle.PowerChords, 40, 64),
        Bass = new(new PartVoice(34, 95, 118, Volume: 105, ReverbSend: 10), BassStyle.RootEighths),
        Extras =
        [
            new("organ", new PartVoice(18, 60, 85, Volume: 75, Pan: 88, ReverbSend: 50), ExtraStyle.Pad, 3, 55, 74),
        ],
        Drums = new DrumPart
        {
            Kit = 16,
            VelocityLow = 65,
            VelocityHigh = 122,
            Volume = 105,
            ReverbSend = 40,
            FillNotes = [38, 38, 45, 41],
            Grooves =
            [
                new(TimeSignature.FourFour,
                [
                    new(36, "X.....x.X.x....."),
                    new(38, "....X.......X..."),
                    new(42, "x.x.x.x.x.x.x.x."),
                    new(36, "...............x", 3),
                    new(46, "..............x.", 3),
                ]),
            ],
        },
    };

    public static GenreTemplate AcousticFolk { get; } = new()
    {
        Profile = GenreProfiles.AcousticFolk,
        KeepsRhythmSection = true,
        ComposerStyle = "folk",
        Melody = new(new PartVoice(40, 75, 110, Volume: 100, Pan: 74, ReverbSend: 55), 62, 88),
        Harmony = new(new PartVoice(25, 65, 100, Volume: 95, Pan: 50, ReverbSend: 40), HarmonyStyle.Strum, 50, 67),
        Bass = new(new PartVoice(32, 80, 110, Volume: 95, ReverbSend: 20), BassStyle.RootFifth),
        Extras =
        [
            new("banjo", new PartVoice(105, 55, 85, Volume: 75, Pan: 90, ReverbSend: 40), ExtraStyle.Arpeggio, 3, 60, 79),
        ],
        Drums = new DrumPart
        {
            Kit = 8,
            VelocityLow = 45,
            VelocityHigh = 95,
            Volume = 85,
            ReverbSend = 40,
            SectionHits = [36, 55],
            FillNotes = [],
            FallbackSnare = 54,
            FallbackHat = 82,
            Grooves =
            [
                new(TimeSignature.FourFour,
                [
                    new(36, "X.......X......."),
                    new(54, "....x.......x..."),
                    new(82, "x.o.x.o.x.o.x.o.", 3),
                ]),
            ],
        },
    };
}
