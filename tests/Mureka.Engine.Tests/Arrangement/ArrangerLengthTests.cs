using Mureka.Engine.Arrangement;
using Mureka.Spec.Music;
using Mureka.Spec.Timing;

namespace Mureka.Engine.Tests.Arrangement;

public sealed class ArrangerLengthTests
{
    [Theory]
    [InlineData(120, "4/4", 30_000)]
    [InlineData(87, "3/4", 17_500)]
    [InlineData(140, "6/8", 61_000)]
    [InlineData(124, "4/4", 8_000)]
    public void TotalBars_Loop_MatchesDurationWithinHalfABar(double bpm, string meterText, int durationMs)
    {
        // Arrange
        Assert.True(TimeSignature.TryParse(meterText, out var meter));
        var request = ArrangementTestData.Request(meter: meter, bpm: bpm, durationMs: durationMs, loop: true);
        var barMs = meter.QuarterNotesPerBar * 60_000 / bpm;

        // Act
        var bars = Arranger.TotalBars(request);

        // Assert
        Assert.True(Math.Abs((bars * barMs) - durationMs) <= barMs / 2, $"{bars} bars of {barMs} ms vs {durationMs} ms");
    }

    [Theory]
    [InlineData(120, 30_000)]
    [InlineData(60, 30_000)]
    [InlineData(170, 12_000)]
    [InlineData(87, 15_000)]
    [InlineData(40, 180_000)]
    public void PieceLength_CallerTempo_FinalHitRingsBetweenMinAndMaxRingOut(double bpm, int durationMs)
    {
        // Arrange
        var meter = TimeSignature.FourFour;

        // Act
        var length = PieceLength.Of(bpm, meter, durationMs);

        // Assert
        var hit = (length.BodyBars * 4 * 60.0 / bpm) + (length.EndingEighths * 30.0 / bpm);
        Assert.Equal(hit, length.FinalHitSeconds, 6);
        Assert.InRange(durationMs / 1000.0 - hit, 0.74, TempoFitter.MaxRingOutSeconds + 1e-6);
        Assert.Equal(length.BodyBars + 1, Arranger.TotalBars(ArrangementTestData.Request(bpm: bpm, durationMs: durationMs)));
    }

    [Fact]
    public void TotalBars_VeryShortRequest_IsAtLeastOneBar()
    {
        // Arrange
        var request = ArrangementTestData.Request(bpm: 60, durationMs: 1_000);

        // Act
        var bars = Arranger.TotalBars(request);

        // Assert
        Assert.Equal(1, bars);
    }

    [Theory]
    [InlineData(5_000, false)]
    [InlineData(30_000, false)]
    [InlineData(180_000, false)]
    [InlineData(30_000, true)]
    public void ComposedBarsNeeded_AnyDuration_IsAPhraseMultipleBetweenFourAndSixteen(int durationMs, bool loop)
    {
        // Arrange
        var request = ArrangementTestData.Request(durationMs: durationMs, loop: loop);

        // Act
        var bars = Arranger.ComposedBarsNeeded(request);

        // Assert
        Assert.InRange(bars, 4, 16);
        Assert.Equal(0, bars % 4);
    }

    [Fact]
    public void ComposedBarsNeeded_LongPiece_RepeatsMaterial()
    {
        // Arrange
        var request = ArrangementTestData.Request(durationMs: 180_000);

        // Act
        var composed = Arranger.ComposedBarsNeeded(request);

        // Assert
        Assert.True(composed < Arranger.TotalBars(request) / 2);
    }
}
