using Mureka.Engine.Music;
using Mureka.Spec.Catalog;
using Mureka.Spec.Music;

namespace Mureka.Engine.Arrangement.Genres;

/// <summary>Orchestral genres: cinematic underscore, epic trailer, classical waltz.</summary>
internal static class OrchestralGenres
{
    public static GenreTemplate CinematicOrchestral { get; } = new()
    {
        Profile = GenreProfiles.CinematicOrchestral,
        ComposerStyle = "song",
        Melody = new(new PartVoice(48, 75, 115, Volume: 105, Pan: 52, ReverbSend: 90), 60, 84),
        Harmony = new(new PartVoice(49, 60, 90, Volume: 95, Pan: 76, ReverbSend: 95), HarmonyStyle.SustainedPad, 48, 70),
        Bass = new(new PartVoice(43, 75, 105, Volume: 100, Pan: 70, ReverbSend: 80), BassStyle.RootWhole),
        Extras =
        [
            new("horns", new PartVoice(60, 65, 105, Volume: 95, Pan: 40, ReverbSend: 95), ExtraStyle.GuideTones, 2, 53, 70),
            new("timpani", new PartVoice(47, 70, 118, Volume: 95, Pan: 60, ReverbSend: 80), ExtraStyle.RootPulse, 3, 41, 52),
            new("harp-ostinato", new PartVoice(46, 55, 85, Volume: 80, Pan: 88, ReverbSend: 90), ExtraStyle.Arpeggio, 3, 60, 79),
            new("flute", new PartVoice(73, 65, 100, Volume: 85, Pan: 80, ReverbSend: 90), ExtraStyle.MelodyOctaveUp, 3, 67, 93),
        ],
        Drums = new DrumPart
        {
            Kit = 48,
            VelocityLow = 45,
            VelocityHigh = 110,
            Volume = 90,
            ReverbSend = 90,
            SectionHits = [57, 36],
            FillNotes = [38, 38, 38, 38],
            Grooves =
            [
                new(TimeSignature.FourFour, [new(36, "X.......x.......", 3), new(38, "............o.o.", 3)]),
                new(TimeSignature.ThreeFour, [new(36, "X...........", 3), new(38, "........o.o.", 3)]),
                new(TimeSignature.SixEight, [new(36, "X.....x.....", 3), new(38, "..........o.", 3)]),
            ],
        },
    };

    public static GenreTemplate EpicTrailer { get; } = new()
    {
        Profile = GenreProfiles.EpicTrailer,
        KeepsRhythmSection = true,
        ComposerStyle = "song",
        Melody = new(new PartVoice(61, 90, 118, Volume: 110, Pan: 58, ReverbSend: 90), 58, 82),
        Harmony = new(new PartVoice(48, 70, 110, Volume: 95, Pan: 74, ReverbSend: 80), HarmonyStyle.EighthPulse, 50, 70),
        Bass = new(new PartVoice(43, 90, 118, Volume: 105, Pan: 64, ReverbSend: 60), BassStyle.RootEighths),
        Extras =
        [
            new("taiko", new PartVoice(116, 90, 118, Volume: 110, ReverbSend: 70), ExtraStyle.RootPulse, 2, 36, 47),
            new("choir", new PartVoice(52, 65, 100, Volume: 90, Pan: 50, ReverbSend: 110), ExtraStyle.Pad, 3, 55, 76),
            new("low-horns", new PartVoice(60, 75, 115, Volume: 95, Pan: 44, ReverbSend: 90), ExtraStyle.MelodyOctaveDown, 3, 46, 70),
        ],
        Drums = new DrumPart
        {
            Kit = 16,
            VelocityLow = 60,
            VelocityHigh = 125,
            Volume = 105,
            ReverbSend = 70,
            SectionHits = [49, 57, 36, 41],
            FillNotes = [45, 43, 41, 41],
            FallbackHat = 41,
            Grooves =
            [
                new(TimeSignature.FourFour,
                [
                    new(36, "X.....X...X....."),
                    new(41, "X...x...X..xx.x."),
                    new(38, "....X.......X...", 3),
                    new(43, "..x...x...x...xx", 3),
                ]),
                new(TimeSignature.ThreeFour,
                [
                    new(36, "X.....X....."),
                    new(41, "X...x...x.xx"),
                    new(38, "....X...X...", 3),
                ]),
                new(TimeSignature.SixEight,
                [
                    new(36, "X.....X....."),
                    new(41, "X..x..X..x.x"),
                    new(38, "......X.....", 3),
                ]),
            ],
        },
    };

    public static GenreTemplate ClassicalWaltz { get; } = new()
    {
        Profile = GenreProfiles.ClassicalWaltz,
        ComposerStyle = "folk",
        Melody = new(new PartVoice(40, 75, 110, Volume: 105, Pan: 50, ReverbSend: 80), 62, 88),
        // Pizzicato for the oom-pah-pah: bowed strings swell into each beat and blur the dance's pulse.
        Harmony = new(new PartVoice(45, 60, 85, Volume: 90, Pan: 74, ReverbSend: 80), HarmonyStyle.Waltz, 55, 72),
        Bass = new(new PartVoice(45, 80, 110, Volume: 100, Pan: 68, ReverbSend: 70), BassStyle.Waltz, 1),
        Extras =
        [
            new("horn", new PartVoice(60, 60, 90, Volume: 85, Pan: 40, ReverbSend: 90), ExtraStyle.GuideTones, 2, 53, 70),
            new("flute", new PartVoice(73, 65, 100, Volume: 85, Pan: 84, ReverbSend: 85), ExtraStyle.MelodyOctaveUp, 3, 69, 93),
        ],
    };
}
