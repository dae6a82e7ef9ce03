using Mureka.Engine.Arrangement;
using Mureka.Engine.Arrangement.Internal;
using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Tests.Arrangement;

public sealed class FormPlannerTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(14)]
    [InlineData(30)]
    [InlineData(92)]
    public void Plan_AnyLength_SectionsCoverTheBodyThenOneEndingBar(int bodyBars)
    {
        // Act
        var (bars, sections) = FormPlanner.Plan(bodyBars, 8, loop: false);

        // Assert
        Assert.Equal(bodyBars + 1, bars.Count);
        Assert.Equal(bodyBars + 1, sections.Sum(s => s.BarCount));
        Assert.Equal(BarRole.Final, bars[^1].Role);
        Assert.Equal(7, bars[^2].LeadBar); // the body closes on the lead sheet's cadence bar
    }

    [Fact]
    public void Plan_ThreeMinutes_HasIntroBreakdownBuildFinaleAndOutroWithAnEnergyCurve()
    {
        // Act
        var (bars, sections) = FormPlanner.Plan(92, 16, loop: false);

        // Assert
        var names = sections.Select(s => s.Name).ToList();
        Assert.Equal("intro", names[0]);
        Assert.Contains("breakdown", names);
        Assert.Contains("build", names);
        Assert.True(names.IndexOf("build") == names.IndexOf("breakdown") + 1, string.Join(",", names));
        Assert.Equal("outro", names[^2]);
        var breakdown = bars.Where(b => b.Role == BarRole.Breakdown).Max(b => b.Energy);
        var build = bars.Where(b => b.Role == BarRole.Build).Select(b => b.Energy).ToList();
        Assert.True(build.SequenceEqual(build.Order()) && build[^1] > build[0], "the build rises");
        Assert.True(breakdown < bars.Where(b => b.Role == BarRole.Body).Min(b => b.Energy));
        Assert.Equal(1.0, bars.Max(b => b.Energy));
    }

    [Fact]
    public void Arrange_ThreeMinutes_PartsEnterAndLeaveWithTheEnergy()
    {
        // Arrange
        var request = ArrangementTestData.Request("house", bpm: 124, durationMs: 180_000, intensity: 3);
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Minor, 16);

        // Act
        var score = new Arranger().Arrange(sheet, request);

        // Assert
        var breakdown = score.Sections.First(s => s.Name == "breakdown");
        var finale = score.Sections.Last(s => s.Name == "a");
        int Tracks(ScoreSection section) => score.Tracks.Count(t => t.Notes.Any(n => n.StartTick >= section.StartBar * score.TicksPerBar && n.StartTick < (section.StartBar + section.BarCount) * score.TicksPerBar));
        Assert.True(Tracks(breakdown) < Tracks(finale), $"breakdown plays {Tracks(breakdown)} tracks, finale {Tracks(finale)}");
        Assert.DoesNotContain(score.Tracks.Where(t => t.IsPercussion).SelectMany(t => t.Notes), n => n.StartTick >= (breakdown.StartBar * score.TicksPerBar) + 30 && n.StartTick < (breakdown.StartBar + breakdown.BarCount) * score.TicksPerBar - 30);
    }

    [Fact]
    public void Arrange_ThreeMinutes_PlaysSeveralDistinctDrumBars()
    {
        // Arrange
        var request = ArrangementTestData.Request("house", bpm: 124, durationMs: 180_000, intensity: 3);
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Minor, 16);

        // Act
        var score = new Arranger().Arrange(sheet, request);

        // Assert
        var distinct = score.Tracks.Where(t => t.IsPercussion).SelectMany(t => t.Notes)
            .GroupBy(n => n.StartTick / score.TicksPerBar)
            .Select(bar => string.Join(",", bar.Select(n => ((n.StartTick % score.TicksPerBar) + 30) / 120 * 1000 + n.Pitch).Order()))
            .Distinct()
            .Count();
        Assert.True(distinct >= 8, $"only {distinct} distinct drum bars in three minutes");
    }

    [Theory]
    [InlineData("lofi-hip-hop")]
    [InlineData("house")]
    [InlineData("rock")]
    public void Arrange_BeatGenreAtIntensityOne_KeepsKickAndBackbeat(string genre)
    {
        // Arrange
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Minor);

        // Act
        var score = new Arranger().Arrange(sheet, ArrangementTestData.Request(genre, intensity: 1));

        // Assert
        var drums = score.Tracks.Where(t => t.IsPercussion).SelectMany(t => t.Notes).ToList();
        Assert.Contains(drums, n => n.Pitch is 35 or 36);
        Assert.Contains(drums, n => n.Pitch is 37 or 38 or 39 or 40);
    }

    [Fact]
    public void Arrange_LofiSwing_DelaysTheOffbeatEighths()
    {
        // Arrange
        var sheet = ArrangementTestData.LeadSheet(TimeSignature.FourFour, Mode.Minor);

        // Act
        var score = new Arranger().Arrange(sheet, ArrangementTestData.Request("lofi-hip-hop", bpm: 80, intensity: 3));

        // Assert
        var offbeats = score.Tracks.Where(t => t.IsPercussion).SelectMany(t => t.Notes)
            .Select(n => n.StartTick % 480)
            .Where(t => t is > 200 and < 360)
            .ToList();
        Assert.NotEmpty(offbeats);
        Assert.True(offbeats.Average() > 240 + 30, $"offbeat eighths sit {offbeats.Average() - 240:F0} ticks late on average");
    }
}
