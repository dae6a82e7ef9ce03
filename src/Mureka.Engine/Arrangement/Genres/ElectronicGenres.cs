using Mureka.Spec.Catalog;
using Mureka.Spec.Music;

namespace Mureka.Engine.Arrangement.Genres;

/// <summary>Electronic genres: house and chiptune.</summary>
internal static class ElectronicGenres
{
    public static GenreTemplate House { get; } = new()
    {
        Profile = GenreProfiles.House,
        KeepsRhythmSection = true,
        ComposerStyle = "song",
        Melody = new(new PartVoice(81, 85, 110, Volume: 85, Pan: 64, ReverbSend: 60, ChorusSend: 30), 60, 84),
        Harmony = new(new PartVoice(0, 75, 110, Volume: 90, Pan: 56, ReverbSend: 50), HarmonyStyle.OffbeatStabs, 53, 72),
        Bass = new(new PartVoice(38, 95, 118, Volume: 105, ReverbSend: 5), BassStyle.OffbeatPump),
        Extras =
        [
            new("pad", new PartVoice(89, 50, 70, Volume: 75, Pan: 44, ReverbSend: 100, ChorusSend: 60), ExtraStyle.Pad, 3, 55, 76),
            new("arp", new PartVoice(80, 50, 75, Volume: 65, Pan: 88, ReverbSend: 70), ExtraStyle.Arpeggio, 3, 67, 88),
        ],
        Drums = new DrumPart
        {
            Kit = 25,
            VelocityLow = 60,
            VelocityHigh = 118,
            Volume = 110,
            ReverbSend = 20,
            FillNotes = [39, 39, 38, 38],
            FallbackSnare = 39,
            FallbackHat = 46,
            Grooves =
            [
                new(TimeSignature.FourFour,
                [
                    new(36, "X...X...X...X..."),
                    new(46, "..x...x...x...x."),
                    new(39, "....X.......X..."),
                    new(42, "o...o...o...o...", 3),
                    new(82, ".o.o.o.o.o.o.o.o", 3),
                ]),
                new(TimeSignature.ThreeFour,
                [
                    new(36, "X...X...X..."),
                    new(46, "..x...x...x."),
                    new(39, "....X......."),
                    new(82, ".o.o.o.o.o.o", 3),
                ]),
                new(TimeSignature.SixEight,
                [
                    new(36, "X.....X....."),
                    new(46, "...x.....x.."),
                    new(39, "......X....."),
                    new(42, "o.o.o.o.o.o.", 3),
                ]),
            ],
        },
    };

    public static GenreTemplate Chiptune { get; } = new()
    {
        Profile = GenreProfiles.Chiptune,
        KeepsRhythmSection = true,
        ComposerStyle = "song",
        Melody = new(new PartVoice(80, 95, 118, Volume: 85, Pan: 64, ReverbSend: 10), 64, 88),
        Harmony = new(new PartVoice(81, 60, 80, Volume: 70, Pan: 44, ReverbSend: 10), HarmonyStyle.FastArpeggio, 57, 76),
        Bass = new(new PartVoice(38, 95, 115, Volume: 100, ReverbSend: 0), BassStyle.Arpeggiated),
        Extras =
        [
            new("pulse-harmony", new PartVoice(80, 65, 90, Volume: 70, Pan: 84, ReverbSend: 10), ExtraStyle.MelodyThirdBelow, 3, 57, 84),
        ],
        Drums = new DrumPart
        {
            Kit = 24,
            VelocityLow = 60,
            VelocityHigh = 110,
            Volume = 90,
            ReverbSend = 5,
            FillNotes = [40, 40, 40, 40],
            FallbackSnare = 40,
            Grooves =
            [
                new(TimeSignature.FourFour,
                [
                    new(36, "X.......X.x....."),
                    new(40, "....X.......X..."),
                    new(42, "x.x.x.x.x.x.x.x.", 3),
                ]),
            ],
        },
    };
}
