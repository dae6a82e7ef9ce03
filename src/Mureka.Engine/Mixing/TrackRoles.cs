using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing;

/// <summary>
/// Maps a score track to its <see cref="MixRole"/> by the names the genre templates give their parts; a name this
/// table does not know falls back by stem, so new parts are mixed sensibly before anyone lists them here.
/// </summary>
public static class TrackRoles
{
    private static readonly Dictionary<string, MixRole> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["melody"] = MixRole.Lead,
        ["bass"] = MixRole.Bass,
        ["drums"] = MixRole.Drums,
        ["hats"] = MixRole.KitDetail,
        ["percussion"] = MixRole.KitDetail,
        ["harmony"] = MixRole.Harmony,
        ["pad"] = MixRole.Pad,
        ["warm-pad"] = MixRole.Pad,
        ["choir-pad"] = MixRole.Pad,
        ["strings"] = MixRole.Pad,
        ["organ"] = MixRole.Pad,
        ["choir"] = MixRole.Pad,
        ["arp"] = MixRole.Arpeggio,
        ["shimmer"] = MixRole.Arpeggio,
        ["banjo"] = MixRole.Arpeggio,
        ["harp-ostinato"] = MixRole.Arpeggio,
        ["counter"] = MixRole.Counter,
        ["horns"] = MixRole.Counter,
        ["horn"] = MixRole.Counter,
        ["low-horns"] = MixRole.Counter,
        ["vibraphone"] = MixRole.Counter,
        ["glockenspiel"] = MixRole.Doubling,
        ["flute"] = MixRole.Doubling,
        ["melody-octaves"] = MixRole.Doubling,
        ["pulse-harmony"] = MixRole.Doubling,
        ["timpani"] = MixRole.Percussion,
        ["taiko"] = MixRole.Percussion,
    };

    public static MixRole RoleOf(ScoreTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        if (ByName.TryGetValue(track.Name, out var role))
        {
            return role;
        }

        return track.Stem switch
        {
            StemKind.Drums => track.IsPercussion ? MixRole.Drums : MixRole.Percussion,
            StemKind.Bass => MixRole.Bass,
            StemKind.Melody => MixRole.Counter,
            _ => MixRole.Harmony,
        };
    }
}
