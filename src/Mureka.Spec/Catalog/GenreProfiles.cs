using System.Diagnostics.CodeAnalysis;
using Mureka.Spec.Music;

namespace Mureka.Spec.Catalog;

/// <summary>
/// The genres a spec may name, with what the resolver needs from each (tempo range, default metre and mode, the words
/// a prompt may use for it). The engine's arrangement templates hang off these profiles.
/// </summary>
public static class GenreProfiles
{
    public static GenreProfile Ambient { get; } = new()
    {
        Id = "ambient",
        DisplayName = "Ambient",
        Description = "Slow, spacious pads with a soft bell-like melody, a harp shimmer and only a whisper of shaker.",
        Aliases = ["ambient", "atmospheric", "drone", "meditation", "meditative", "relaxing", "spa", "new age", "soundscape"],
        MinBpm = 50,
        MaxBpm = 90,
        DefaultBpm = 68,
        PreferredMode = Mode.Major,
    };

    public static GenreProfile LofiHipHop { get; } = new()
    {
        Id = "lofi-hip-hop",
        DisplayName = "Lo-fi hip hop",
        Description = "Rhodes seventh chords, a mellow jazz-guitar melody and laid-back swung boom-bap drums.",
        Aliases = ["lofi", "lo-fi", "lo fi", "chillhop", "hip hop", "hip-hop", "hiphop", "boom bap", "study beats", "beats to study"],
        MinBpm = 70,
        MaxBpm = 90,
        DefaultBpm = 80,
        PreferredMode = Mode.Minor,
    };

    public static GenreProfile SoloPiano { get; } = new()
    {
        Id = "solo-piano",
        DisplayName = "Solo piano",
        Description = "One piano: right-hand melody over soft chords, left-hand broken bass, octaves in the lift.",
        Aliases = ["solo piano", "piano solo", "piano only", "solo-piano", "felt piano", "neo classical", "neoclassical"],
        MinBpm = 56,
        MaxBpm = 120,
        DefaultBpm = 76,
        PreferredMode = Mode.Major,
    };

    public static GenreProfile CinematicOrchestral { get; } = new()
    {
        Id = "cinematic-orchestral",
        DisplayName = "Cinematic orchestral",
        Description = "String melody over sustained strings, horn counter-line, timpani and orchestral percussion, harp ostinato and flute doubling at full intensity.",
        Aliases = ["cinematic", "orchestral", "orchestra", "film score", "soundtrack", "score", "symphonic", "movie"],
        MinBpm = 60,
        MaxBpm = 130,
        DefaultBpm = 90,
        PreferredMode = Mode.Minor,
    };

    public static GenreProfile EpicTrailer { get; } = new()
    {
        Id = "epic-trailer",
        DisplayName = "Epic trailer",
        Description = "Brass theme over driving string ostinato, choir, taiko and big tom grooves with hits on every section.",
        Aliases = ["epic", "trailer", "heroic", "battle", "blockbuster", "powerful", "hybrid orchestral"],
        MinBpm = 80,
        MaxBpm = 100,
        DefaultBpm = 90,
        PreferredMode = Mode.Minor,
    };

    public static GenreProfile ClassicalWaltz { get; } = new()
    {
        Id = "classical-waltz",
        DisplayName = "Classical waltz",
        Description = "Violin melody over a pizzicato oom-pah-pah of basses and strings, horn counter-line and flute in the lift.",
        Aliases = ["waltz", "classical", "viennese", "ballroom", "baroque", "minuet", "chamber"],
        MinBpm = 84,
        MaxBpm = 180,
        DefaultBpm = 144,
        DefaultMeter = TimeSignature.ThreeFour,
        PreferredMode = Mode.Major,
    };

    public static GenreProfile CorporatePop { get; } = new()
    {
        Id = "corporate-pop",
        DisplayName = "Corporate pop",
        Description = "Bright piano melody over pulsing clean guitar, driving eighth bass, claps, strings and glockenspiel in the lift.",
        Aliases = ["corporate", "pop", "upbeat", "commercial", "advertising", "presentation", "motivational", "inspiring", "uplifting"],
        MinBpm = 96,
        MaxBpm = 128,
        DefaultBpm = 110,
        PreferredMode = Mode.Major,
    };

    public static GenreProfile Rock { get; } = new()
    {
        Id = "rock",
        DisplayName = "Rock",
        Description = "Overdriven guitar lead over distorted power-chord chugs, pick bass in eighths, backbeat drums, organ in the lift.",
        Aliases = ["rock", "guitar rock", "indie rock", "alt rock", "alternative", "hard rock", "punk", "grunge", "garage"],
        MinBpm = 96,
        MaxBpm = 160,
        DefaultBpm = 124,
        PreferredMode = Mode.Minor,
    };

    public static GenreProfile AcousticFolk { get; } = new()
    {
        Id = "acoustic-folk",
        DisplayName = "Acoustic folk",
        Description = "Violin melody over strummed steel-string guitar, acoustic bass, light kick and tambourine, banjo picking in the lift.",
        Aliases = ["folk", "acoustic", "singer songwriter", "singer-songwriter", "country", "americana", "campfire", "bluegrass", "celtic"],
        MinBpm = 76,
        MaxBpm = 132,
        DefaultBpm = 100,
        PreferredMode = Mode.Major,
    };

    public static GenreProfile House { get; } = new()
    {
        Id = "house",
        DisplayName = "House",
        Description = "Four-on-the-floor 808 kick with off-beat open hats and claps, pumping off-beat synth bass, piano stabs, saw lead, pad and arp.",
        Aliases = ["house", "deep house", "edm", "dance", "club", "electronic dance", "disco house", "four on the floor", "techno"],
        MinBpm = 118,
        MaxBpm = 128,
        DefaultBpm = 124,
        PreferredMode = Mode.Minor,
    };

    public static GenreProfile Chiptune { get; } = new()
    {
        Id = "chiptune",
        DisplayName = "Chiptune",
        Description = "8-bit game music: square-wave lead, fast sawtooth arpeggios, bouncing synth bass and tight electronic drums.",
        Aliases = ["chiptune", "chip tune", "8-bit", "8 bit", "8bit", "16-bit", "retro game", "video game", "arcade", "nes", "pixel"],
        MinBpm = 110,
        MaxBpm = 170,
        DefaultBpm = 140,
        PreferredMode = Mode.Major,
    };

    public static GenreProfile Jazz { get; } = new()
    {
        Id = "jazz",
        DisplayName = "Jazz",
        Description = "Alto sax over piano shell voicings, walking upright bass, swung brush ride and vibraphone guide tones.",
        Aliases = ["jazz", "swing", "bebop", "jazzy", "lounge", "smooth jazz", "jazz club", "cocktail", "big band"],
        MinBpm = 80,
        MaxBpm = 200,
        DefaultBpm = 120,
        PreferredMode = Mode.Major,
    };

    private static readonly Dictionary<string, GenreProfile> ById;

    static GenreProfiles()
    {
        All = [Ambient, LofiHipHop, SoloPiano, CinematicOrchestral, EpicTrailer, ClassicalWaltz, CorporatePop, Rock, AcousticFolk, House, Chiptune, Jazz];
        ById = All.ToDictionary(g => g.Id, StringComparer.OrdinalIgnoreCase);
        Default = CorporatePop;
    }

    public static IReadOnlyList<GenreProfile> All { get; }

    /// <summary>Used when nothing in the request points at a genre.</summary>
    public static GenreProfile Default { get; }

    /// <summary>Looks a genre up by id, ignoring case and surrounding space.</summary>
    public static bool TryGet(string? id, [MaybeNullWhen(false)] out GenreProfile genre)
    {
        if (id is null)
        {
            genre = null;
            return false;
        }

        return ById.TryGetValue(id.Trim(), out genre);
    }
}
