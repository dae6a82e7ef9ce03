using Mureka.Engine.Music;

namespace Mureka.Engine.Rendering.Internal;

/// <summary>MIDI channels for the tracks of one stem: percussion prefers channel 9, melodic parts take the rest.</summary>
internal static class ChannelAssignment
{
    public const int MidiChannels = 16;
    public const int GeneralMidiDrumChannel = 9;

    public static int[] Assign(IReadOnlyList<ScoreTrack> tracks)
    {
        if (tracks.Count > MidiChannels)
        {
            throw new ArgumentException($"A stem can hold at most {MidiChannels} tracks; this one has {tracks.Count}.", nameof(tracks));
        }

        var channels = new int[tracks.Count];
        var used = new bool[MidiChannels];
        var drumChannelTaken = false;
        for (var i = 0; i < tracks.Count; i++)
        {
            if (tracks[i].IsPercussion && !drumChannelTaken)
            {
                channels[i] = GeneralMidiDrumChannel;
                used[GeneralMidiDrumChannel] = true;
                drumChannelTaken = true;
            }
            else
            {
                channels[i] = -1;
            }
        }

        // Keep channel 9 free for a percussion track even when none came first.
        if (!drumChannelTaken)
        {
            used[GeneralMidiDrumChannel] = tracks.Count < MidiChannels;
        }

        for (var i = 0; i < tracks.Count; i++)
        {
            if (channels[i] >= 0)
            {
                continue;
            }

            var free = Array.IndexOf(used, false);
            if (free < 0)
            {
                free = GeneralMidiDrumChannel;
            }

            channels[i] = free;
            used[free] = true;
        }

        return channels;
    }
}
