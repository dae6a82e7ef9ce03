using Mureka.Engine.Music;
using Mureka.Engine.Streaming.Internal;
using Mureka.Engine.Tests.TestSupport;

namespace Mureka.Engine.Tests.Streaming;

public sealed class ExcerptScoreTests
{
    [Fact]
    public void Condense_MeasuredBarsWithinBudget_KeepsThemWhole()
    {
        var score = TestScores.FivePart(8);

        var standIn = ExcerptScore.Condense(score, measuredBars: 6, budgetSeconds: 16);

        Assert.Equal(6, standIn.BarCount);
        var lastTick = 6 * score.TicksPerBar;
        for (var t = 0; t < score.Tracks.Count; t++)
        {
            var expected = score.Tracks[t].Notes.Where(n => n.StartTick < lastTick).Select(n => n.StartTick);
            Assert.Equal(expected, standIn.Tracks[t].Notes.Select(n => n.StartTick));
        }
    }

    [Fact]
    public void Condense_LongPiece_SingleBarsWithinBudgetAndEveryPlayingTrackHeard()
    {
        var score = TestScores.FivePart(90);
        var late = new ScoreTrack("late", StemKind.Melody, 73, false, [new ScoreNote(70 * score.TicksPerBar, 480, 76, 90)]);
        score = score with { Tracks = [.. score.Tracks, late], Sections = [new("A", 0, 49), new("B", 49, 41)] };

        var standIn = ExcerptScore.Condense(score, measuredBars: 88, budgetSeconds: 16);

        // 2 s bars: the middle bars of eight equal stretches (5, 16, … 82), and bar 70, where the late track plays.
        Assert.Equal(9, standIn.BarCount);
        Assert.Equal(score.Tracks.Select(t => t.Name), standIn.Tracks.Select(t => t.Name));
        Assert.All(standIn.Tracks, t => Assert.NotEmpty(t.Notes));
        Assert.All(standIn.Tracks.SelectMany(t => t.Notes), n => Assert.InRange(n.StartTick + n.DurationTicks, 1, standIn.TotalTicks));
        Assert.Equal([("B", 4)], standIn.Sections.Select(s => (s.Name, s.StartBar)));
    }
}
