using Mureka.Engine.Music;

namespace Mureka.Engine.Rendering.Internal;

/// <summary>Turns the notes of one stem into frame-accurate note on/off events, sorted.</summary>
internal static class StemEventBuilder
{
    /// <param name="lastStartFrame">Notes starting at or after this frame are dropped.</param>
    /// <param name="lastEndFrame">Note-offs later than this are pulled in to it (loop tails must fall silent).</param>
    public static SynthEvent[] Build(
        Score score, IReadOnlyList<ScoreTrack> tracks, int[] channels, int sampleRate, long lastStartFrame, long lastEndFrame)
    {
        var framesPerTick = score.SecondsPerTick * sampleRate;
        var events = new List<SynthEvent>();
        var sequence = 0;
        for (var t = 0; t < tracks.Count; t++)
        {
            var channel = channels[t];
            foreach (var note in tracks[t].Notes)
            {
                if (note.Pitch is < 0 or > 127 || note.Velocity <= 0 || note.DurationTicks <= 0 || note.StartTick < 0)
                {
                    continue;
                }

                var start = (long)Math.Round(note.StartTick * framesPerTick);
                if (start >= lastStartFrame)
                {
                    continue;
                }

                var end = Math.Max(start + 1, (long)Math.Round((note.StartTick + note.DurationTicks) * framesPerTick));
                end = Math.Min(end, lastEndFrame);
                var velocity = Math.Min(note.Velocity, 127);
                events.Add(new SynthEvent(start, true, channel, note.Pitch, velocity, sequence++));
                events.Add(new SynthEvent(end, false, channel, note.Pitch, 0, sequence++));
            }
        }

        var array = events.ToArray();
        Array.Sort(array);
        return array;
    }
}
