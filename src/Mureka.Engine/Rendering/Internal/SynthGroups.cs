using Mureka.Engine.Music;

namespace Mureka.Engine.Rendering.Internal;

/// <summary>
/// Splits a score's tracks into the render jobs that each get one fresh synth. A fresh synth costs about 0.1 s to load
/// a large soundfont (the preset tables are rebuilt even with the samples cached), so there are as few jobs as keep
/// two cores busy: two, balanced by note count, each within the synth's 16 MIDI channels (one per track, so every
/// track keeps its own dry output). Depends only on the score, never on the machine.
/// </summary>
internal static class SynthGroups
{
    private const int Jobs = 2;

    /// <summary>The jobs, each holding its tracks in score order; tracks without notes are left out (they are silent).</summary>
    public static IReadOnlyList<IReadOnlyList<ScoreTrack>> Split(Score score)
    {
        var audible = score.Tracks.Where(t => t.Notes.Count > 0).ToList();
        var jobs = Math.Min(audible.Count, Math.Max(Jobs, (audible.Count + SynthInstance.AudioGroups - 1) / SynthInstance.AudioGroups));
        var groups = Enumerable.Range(0, jobs).Select(_ => new List<ScoreTrack>()).ToList();
        var load = new long[jobs];

        // Heaviest first, each to the lightest job that still has a free channel.
        foreach (var track in audible.OrderByDescending(t => t.Notes.Count))
        {
            var target = Enumerable.Range(0, jobs).Where(g => groups[g].Count < SynthInstance.AudioGroups).MinBy(g => load[g]);
            groups[target].Add(track);
            load[target] += track.Notes.Count;
        }

        // Score order inside each job, so channel numbers follow the score.
        return [.. groups.Select(g => (IReadOnlyList<ScoreTrack>)[.. audible.Where(t => g.Any(x => ReferenceEquals(x, t)))])];
    }
}
