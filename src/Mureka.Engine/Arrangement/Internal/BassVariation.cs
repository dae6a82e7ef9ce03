using Mureka.Engine.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>
/// How one piece's bass player embellishes the genre's pattern, chosen by the seed: a pickup into chord changes
/// (a semitone below the coming root), an octave on the bar's last eighth, a ghost note before the second beat.
/// Same seed and genre, same bass line; another seed plays the same style differently.
/// </summary>
internal sealed record BassVariation(bool Pickups, bool OctaveTurn, bool GhostBeforeTwo)
{
    /// <summary>The tone of an onset that leads into the next chord's root.</summary>
    public const int Approach = 3;

    private static readonly BassStyle[] Embellished = [BassStyle.RootWhole, BassStyle.RootFifth, BassStyle.RootEighths, BassStyle.Syncopated];

    public static BassVariation For(ulong seed, string genre)
    {
        var random = new DeterministicRandom(DeterministicRandom.Derive(seed, genre + "/bass"));
        return new BassVariation(random.NextDouble() < 0.6, random.NextDouble() < 0.5, random.NextDouble() < 0.4);
    }

    /// <summary>The chord span's onsets with this player's embellishments; styles with a fixed figure are left alone.</summary>
    public IReadOnlyList<Onset> Apply(IReadOnlyList<Onset> onsets, ChordSpan chord, bool changeFollows, BassStyle style, int sixteenthsPerBar)
    {
        if (!Embellished.Contains(style) || sixteenthsPerBar != 16)
        {
            return onsets;
        }

        var result = onsets.ToList();
        var last = chord.End16 - 2;
        if (Pickups && changeFollows && last > chord.Start16)
        {
            Place(result, new Onset(last, 2, 0.55, Approach));
        }
        else if (OctaveTurn && chord.End16 == sixteenthsPerBar && last > chord.Start16)
        {
            Place(result, new Onset(last, 2, 0.5, BassWriter.Octave));
        }

        if (GhostBeforeTwo && chord.Start16 == 0 && chord.End16 > 4 && result.All(o => o.Position16 != 3))
        {
            Place(result, new Onset(3, 1, 0.3, 0));
        }

        result.Sort((a, b) => a.Position16.CompareTo(b.Position16));

        // A note held into an embellishment stops where it starts.
        for (var i = 0; i + 1 < result.Count; i++)
        {
            var room = result[i + 1].Position16 - result[i].Position16;
            if (result[i].Length16 > room)
            {
                result[i] = result[i] with { Length16 = Math.Max(1, room) };
            }
        }

        return result;
    }

    private static void Place(List<Onset> onsets, Onset onset)
    {
        onsets.RemoveAll(o => o.Position16 == onset.Position16);
        onsets.Add(onset);
    }
}
