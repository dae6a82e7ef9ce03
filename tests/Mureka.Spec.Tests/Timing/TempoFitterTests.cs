using Mureka.Spec.Catalog;
using Mureka.Spec.Music;
using Mureka.Spec.Timing;

namespace Mureka.Spec.Tests.Timing;

public sealed class TempoFitterTests
{
    public static TheoryData<string, int> GenresAndLibraryLengths()
    {
        var data = new TheoryData<string, int>();
        foreach (var genre in GenreProfiles.All)
        {
            foreach (var seconds in new[] { 15, 30, 60, 180 })
            {
                data.Add(genre.Id, seconds * 1000);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GenresAndLibraryLengths))]
    public void Fit_EveryGenreAtLibraryLengths_WholeBarsEndInADownbeatHitWithAShortRingOut(string genreId, int durationMs)
    {
        // Arrange
        Assert.True(GenreProfiles.TryGet(genreId, out var genre));

        // Act
        var bpm = TempoFitter.Fit(genre.DefaultBpm, genre.MinBpm, genre.MaxBpm, genre.DefaultMeter, durationMs, loop: false);
        var length = PieceLength.Of(bpm, genre.DefaultMeter, durationMs);

        // Assert
        Assert.InRange(bpm, genre.MinBpm, genre.MaxBpm);
        Assert.Equal(0, length.EndingEighths);
        Assert.InRange(length.RingOutSeconds, TempoFitter.MinRingOutSeconds, TempoFitter.MaxRingOutSeconds);
        var lastOnsetFloor = Math.Max(0.9 * durationMs / 1000.0, (durationMs / 1000.0) - 3);
        Assert.True(length.FinalHitSeconds >= lastOnsetFloor, $"final hit at {length.FinalHitSeconds:F2} s of {durationMs} ms");
    }

    [Theory]
    [InlineData(60_000)]
    [InlineData(120_000)]
    [InlineData(180_000)]
    public void Fit_NarrowTempoRange_StillPrefersWholeTwoBarPhrases(int durationMs)
    {
        // Arrange
        Assert.True(GenreProfiles.TryGet("house", out var house));

        // Act
        var bpm = TempoFitter.Fit(house.DefaultBpm, house.MinBpm, house.MaxBpm, house.DefaultMeter, durationMs, loop: false);

        // Assert
        Assert.Equal(0, PieceLength.Of(bpm, house.DefaultMeter, durationMs).BodyBars % 2);
    }

    [Theory]
    [InlineData(8_000)]
    [InlineData(30_000)]
    [InlineData(61_000)]
    public void Fit_Loop_WholeBarsSpanTheRequestedDuration(int durationMs)
    {
        // Arrange
        var meter = TimeSignature.FourFour;

        // Act
        var bpm = TempoFitter.Fit(124, 118, 128, meter, durationMs, loop: true);

        // Assert
        var bars = durationMs / 1000.0 / (4 * 60.0 / bpm);
        Assert.True(Math.Abs(bars - Math.Round(bars)) * (4 * 60.0 / bpm) < 0.01, $"{bars:F4} bars at {bpm} bpm");
    }

    [Fact]
    public void Fit_NoBarCountFitsTheRange_KeepsThePreferredTempo()
    {
        // Act
        var bpm = TempoFitter.Fit(100, 100, 100, TimeSignature.FourFour, 1_000, loop: false);

        // Assert
        Assert.Equal(100, bpm);
    }
}
