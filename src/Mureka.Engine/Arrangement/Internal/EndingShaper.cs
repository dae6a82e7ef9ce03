using Mureka.Engine.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>
/// Makes the ending a final hit rather than a held chord: nothing sounds across the hit, and the hit's pitched
/// notes are held only long enough that their release has died away when the piece ends.
/// </summary>
internal static class EndingShaper
{
    // Time left after the hit's notes are released, for their release and the reverb to fall away.
    private const double ReleaseRoomSeconds = 0.5;
    private const double MinimumHoldSeconds = 0.3;

    public static Score Shape(Score score, long hitTick, double ringOutSeconds)
    {
        var hold = (long)(Math.Max(MinimumHoldSeconds, ringOutSeconds - ReleaseRoomSeconds) / score.SecondsPerTick);
        var tracks = score.Tracks
            .Select(track => track with { Notes = [.. track.Notes.Select(n => Shape(n, hitTick, hold, track.IsPercussion)).OfType<ScoreNote>()] })
            .ToList();
        return score with { Tracks = tracks };
    }

    private static ScoreNote? Shape(ScoreNote note, long hitTick, long hold, bool percussion)
    {
        var end = note.StartTick + note.DurationTicks;

        // Humanised timing may put a hit a few ticks either side of the barline; those still belong to the hit.
        const long HitWindow = 24;
        if (note.StartTick >= hitTick - HitWindow)
        {
            return percussion ? note : note with { DurationTicks = Math.Min(note.DurationTicks, hold) };
        }

        return end > hitTick ? note with { DurationTicks = hitTick - note.StartTick } : note;
    }
}
