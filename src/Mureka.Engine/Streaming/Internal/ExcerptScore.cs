using Mureka.Engine.Music;

namespace Mureka.Engine.Streaming.Internal;

/// <summary>
/// A short stand-in for a long score: single bars spread evenly over the bars a mix measures, played back to back
/// (notes sounding into a bar start with it; notes running past it stop with it), so every section weighs about as
/// much as it does in the piece. A score that fits the budget is kept whole. Every track keeps its place, and a track silent in every excerpt gets one of its own where it
/// first plays, so every track that plays in the measured bars is heard (and measured) in the stand-in.
/// </summary>
internal static class ExcerptScore
{
    /// <summary>Bars a stand-in holds however long they are: fewer leave the estimate to chance in a slow genre.</summary>
    public const int MinimumBars = 6;

    /// <param name="measuredBars">The bars, from the start, the mix's measurements read.</param>
    /// <param name="budgetSeconds">How much music the stand-in may hold (plus one excerpt per otherwise unheard track).</param>
    public static Score Condense(Score score, int measuredBars, double budgetSeconds)
    {
        measuredBars = Math.Clamp(measuredBars, 1, Math.Max(1, score.BarCount));
        if (measuredBars * score.BarSeconds <= budgetSeconds)
        {
            return Excerpts(score, [0], measuredBars);
        }

        const int length = 1;
        var count = Math.Min(measuredBars, Math.Max(MinimumBars, (int)(budgetSeconds / score.BarSeconds)));
        var span = measuredBars - length;

        // The middle bar of each of `count` equal stretches: taking the first and last measured bars instead weighed
        // the quiet intro and the bar before the ending far more than the piece does (+2.6 LU on a slow solo piano).
        var starts = Enumerable.Range(0, count).Select(i => (int)((i + 0.5) * measuredBars / count)).Distinct().ToList();
        foreach (var track in score.Tracks)
        {
            var measuredEnd = measuredBars * score.TicksPerBar;
            var first = track.Notes.Where(n => n.StartTick < measuredEnd).Select(n => n.StartTick).DefaultIfEmpty(-1).Min();
            if (first >= 0 && !starts.Any(s => Plays(track, s * score.TicksPerBar, (s + length) * score.TicksPerBar)))
            {
                starts.Add((int)Math.Min(span, first / score.TicksPerBar));
            }
        }

        return Excerpts(score, [.. starts.Distinct().Order()], length);
    }

    private static bool Plays(ScoreTrack track, long from, long to) => track.Notes.Any(n => n.StartTick < to && n.StartTick + n.DurationTicks > from);

    private static Score Excerpts(Score score, List<int> startBars, int length)
    {
        var barTicks = score.TicksPerBar;
        var tracks = score.Tracks.Select(track => track with
        {
            Notes = [.. startBars.SelectMany((bar, j) => Cut(track.Notes, bar * barTicks, (bar + length) * barTicks, (long)j * length * barTicks))],
        });
        // A section that starts on an excerpt starts there in the stand-in too (the mix adds its impact).
        var sections = score.Sections
            .Select(section => (section, at: startBars.FindIndex(bar => section.StartBar >= bar && section.StartBar < bar + length)))
            .Where(x => x.at >= 0)
            .Select(x => x.section with { StartBar = (x.at * length) + x.section.StartBar - startBars[x.at], BarCount = 1 });
        return score with { BarCount = startBars.Count * length, Tracks = [.. tracks], Sections = [.. sections] };
    }

    private static IEnumerable<ScoreNote> Cut(IReadOnlyList<ScoreNote> notes, long from, long to, long at)
    {
        foreach (var note in notes)
        {
            var start = Math.Max(from, note.StartTick);
            var end = Math.Min(to, note.StartTick + note.DurationTicks);
            if (end > start)
            {
                yield return note with { StartTick = start - from + at, DurationTicks = end - start };
            }
        }
    }
}
