namespace Mureka.Engine.Mixing;

/// <summary>
/// The mix profile of every genre. Levels are loudness offsets (LU) from the lead; the common table below is a
/// conventional pop balance, and each genre changes only what its idiom needs.
/// </summary>
public static class MixProfiles
{
    private static readonly Dictionary<MixRole, RoleSettings> Common = new()
    {
        [MixRole.Lead] = new(0, 140, LowShelfDb: -1, PresenceDb: 2, AirDb: 2, Width: 0.4),
        [MixRole.Bass] = new(-2, 32, PresenceDb: 1, Width: 0, PanScale: 0),
        [MixRole.Drums] = new(-1, 30, AirDb: 2, Width: 0.7, PanScale: 0),
        [MixRole.Harmony] = new(-5, 120, LowShelfDb: -2, AirDb: 1.5, Width: 0.8),
        [MixRole.Pad] = new(-9, 160, LowShelfDb: -3, AirDb: 1, Width: 1.0),
        [MixRole.Arpeggio] = new(-9, 220, LowShelfDb: -2, AirDb: 2, Width: 0.9),
        [MixRole.Counter] = new(-6, 140, LowShelfDb: -1, PresenceDb: 1, AirDb: 1, Width: 0.6),
        [MixRole.Doubling] = new(-8, 250, AirDb: 2, Width: 0.6),
        [MixRole.Percussion] = new(-4, 35, Width: 0.5, PanScale: 0.5),
        [MixRole.KitDetail] = new(-9, 250, AirDb: 2, Width: 0.6, PanScale: 0),
    };

    private static readonly ReverbSettings Room = new(RoomSize: 0.55, Damping: 0.5, PreDelayMs: 12, ReturnDb: -4);
    private static readonly ReverbSettings Plate = new(RoomSize: 0.7, Damping: 0.35, PreDelayMs: 20, ReturnDb: -3);
    private static readonly ReverbSettings Hall = new(RoomSize: 0.86, Damping: 0.45, PreDelayMs: 30, ReturnDb: -1);
    private static readonly ReverbSettings BigHall = new(RoomSize: 0.9, Damping: 0.4, PreDelayMs: 40, ReturnDb: 0);
    private static readonly BusCompression Gentle = new(ThresholdDb: 4, Ratio: 1.5);
    private static readonly BusCompression Glue = new(ThresholdDb: 2, Ratio: 2);

    private static readonly Dictionary<string, MixProfile> ByGenre = new MixProfile[]
    {
        Profile("ambient", Hall with { RoomSize = 0.9, ReturnDb = 1 }, Gentle, brightness: 0.5, send: 1.0,
            (MixRole.Lead, Common[MixRole.Lead] with { Width = 0.6 }),
            (MixRole.Pad, Common[MixRole.Pad] with { LevelLu = -4, HighPassHz = 90 }),
            (MixRole.Harmony, Common[MixRole.Harmony] with { LevelLu = -3, HighPassHz = 90, Width = 0.9 }),
            (MixRole.Bass, Common[MixRole.Bass] with { LevelLu = -4 }),
            (MixRole.Drums, Common[MixRole.Drums] with { LevelLu = -14 })),
        Profile("lofi-hip-hop", Room, Glue, brightness: -2, send: 0.8,
            (MixRole.Drums, Common[MixRole.Drums] with { LevelLu = 0 }),
            (MixRole.Harmony, Common[MixRole.Harmony] with { LevelLu = -3 })) with
        {
            Lofi = new LofiColour(LowPassHz: 6500, WowMs: 0.9, WowHz: 0.55, FlutterMs: 0.06, FlutterHz: 7, NoiseDb: -42, CracklesPerSecond: 4),
        },
        Profile("solo-piano", Hall with { RoomSize = 0.75, ReturnDb = -4 }, Gentle, brightness: 0.5, send: 0.9,
            (MixRole.Bass, Common[MixRole.Bass] with { HighPassHz = 35, Width = 0.6, PanScale = 1, LevelLu = -3 }),
            (MixRole.Harmony, Common[MixRole.Harmony] with { LevelLu = -4, HighPassHz = 70, LowShelfDb = 0 }),
            (MixRole.Doubling, Common[MixRole.Doubling] with { LevelLu = -5, HighPassHz = 60 })),
        Profile("corporate-pop", Plate, Glue, brightness: 1.5, send: 0.9),
        Profile("rock", Room with { RoomSize = 0.6 }, Glue with { Ratio = 2.5 }, brightness: 1, send: 0.8,
            (MixRole.Harmony, Common[MixRole.Harmony] with { LevelLu = -3, Width = 0.9 }),
            (MixRole.Drums, Common[MixRole.Drums] with { LevelLu = 0 })),
        Profile("acoustic-folk", Room with { RoomSize = 0.62 }, Gentle, brightness: 1, send: 0.9,
            (MixRole.Harmony, Common[MixRole.Harmony] with { LevelLu = -3 }),
            (MixRole.Drums, Common[MixRole.Drums] with { LevelLu = -5 })),
        Profile("house", Plate with { ReturnDb = -5 }, Glue with { Ratio = 3, ThresholdDb = 0 }, brightness: 1.5, send: 0.8,
            (MixRole.Lead, Common[MixRole.Lead] with { DuckDepth = 0.2 }),
            (MixRole.Bass, Common[MixRole.Bass] with { LevelLu = -1, DuckDepth = 0.75 }),
            (MixRole.Drums, Common[MixRole.Drums] with { LevelLu = 0 }),
            (MixRole.Harmony, Common[MixRole.Harmony] with { DuckDepth = 0.45 }),
            (MixRole.Pad, Common[MixRole.Pad] with { LevelLu = -8, DuckDepth = 0.65 }),
            (MixRole.Arpeggio, Common[MixRole.Arpeggio] with { DuckDepth = 0.45 })),
        Profile("chiptune", Room with { RoomSize = 0.4, ReturnDb = -10 }, Glue, brightness: 0, send: 1.0,
            (MixRole.Harmony, Common[MixRole.Harmony] with { LevelLu = -6 }),
            (MixRole.Drums, Common[MixRole.Drums] with { LevelLu = -2 })),
        Profile("jazz", Room with { RoomSize = 0.65, ReturnDb = -3 }, Gentle, brightness: 0.5, send: 0.9,
            (MixRole.Bass, Common[MixRole.Bass] with { LevelLu = -2 }),
            (MixRole.Drums, Common[MixRole.Drums] with { LevelLu = -5 })),
        Profile("cinematic-orchestral", Hall, Gentle, brightness: 1, send: 1.0,
            (MixRole.Harmony, Common[MixRole.Harmony] with { LevelLu = -3, HighPassHz = 80, Width = 1.0 }),
            (MixRole.Bass, Common[MixRole.Bass] with { Width = 0.4, PanScale = 0.5 }),
            (MixRole.Drums, Common[MixRole.Drums] with { LevelLu = -4 })),
        Profile("epic-trailer", BigHall, Glue with { Ratio = 2.5, ThresholdDb = 1 }, brightness: 1, send: 1.0,
            (MixRole.Harmony, Common[MixRole.Harmony] with { LevelLu = -3, HighPassHz = 80, Width = 1.0 }),
            (MixRole.Percussion, Common[MixRole.Percussion] with { LevelLu = -1 }),
            (MixRole.Drums, Common[MixRole.Drums] with { LevelLu = 0 })) with
        {
            SectionImpacts = true,
        },
        // The oom-pah-pah carries the dance: bass and pizzicato chords sit close under the violin, in a smaller hall.
        Profile("classical-waltz", Hall with { RoomSize = 0.72 }, Gentle, brightness: 1, send: 0.8,
            (MixRole.Harmony, Common[MixRole.Harmony] with { LevelLu = -2, HighPassHz = 90, Width = 1.0 }),
            (MixRole.Bass, Common[MixRole.Bass] with { Width = 0.4, PanScale = 0.5, LevelLu = -1 })),
    }.ToDictionary(p => p.GenreId, StringComparer.OrdinalIgnoreCase);

    /// <summary>A plain, neutral mix for genres without their own profile.</summary>
    public static MixProfile Default { get; } = Profile("default", Plate, Gentle, brightness: 1, send: 0.9);

    public static IReadOnlyCollection<MixProfile> All => ByGenre.Values;

    public static MixProfile For(string? genreId) =>
        genreId is not null && ByGenre.TryGetValue(genreId, out var profile) ? profile : Default;

    private static MixProfile Profile(
        string genreId, ReverbSettings reverb, BusCompression compression, double brightness, double send, params (MixRole Role, RoleSettings Settings)[] overrides)
    {
        var roles = new Dictionary<MixRole, RoleSettings>(Common);
        foreach (var (role, settings) in overrides)
        {
            roles[role] = settings;
        }

        return new MixProfile { GenreId = genreId, Roles = roles, Reverb = reverb, Compression = compression, BrightnessDb = brightness, SendScale = send };
    }
}
