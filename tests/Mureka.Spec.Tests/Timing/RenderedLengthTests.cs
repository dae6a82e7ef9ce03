using Mureka.Spec;
using Mureka.Spec.Timing;

namespace Mureka.Spec.Tests.Timing;

public sealed class RenderedLengthTests
{
    [Theory]
    [InlineData(false, 140, "4/4", 8_000, 44_100, 8_000)]
    [InlineData(true, 140, "4/4", 8_000, 44_100, 8_571)]
    [InlineData(true, 120, "4/4", 8_000, 44_100, 8_000)]
    [InlineData(true, 90, "6/8", 10_000, 48_000, 10_000)]
    [InlineData(true, 200, "3/4", 500, 44_100, 900)]
    public void Milliseconds_PieceIsItsLength_LoopIsItsWholeBars(bool loop, double bpm, string meter, int durationMs, int sampleRate, long expectedMs)
    {
        // Arrange
        var spec = SpecResolver.Resolve(new MusicSpec { Genre = "chiptune", Bpm = bpm, TimeSignature = meter, DurationMs = Math.Max(durationMs, 1000), Loop = loop, SampleRate = sampleRate, Format = "wav" })
            with { DurationMs = durationMs };

        // Act
        var ms = RenderedLength.Milliseconds(spec);

        // Assert
        Assert.Equal(expectedMs, ms);
    }
}
