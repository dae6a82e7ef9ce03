namespace Mureka.Batching.Tests;

public sealed class DurationBucketsTests
{
    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(3, 3)]
    [InlineData(9, 10)]
    [InlineData(16, 16)]
    [InlineData(17, 20)]
    [InlineData(30, 32)]
    [InlineData(61, 64)]
    [InlineData(65, 80)]
    public void BucketSeconds_FourPerOctave_RoundsUpToStep(double seconds, int expected)
    {
        var bucket = DurationBuckets.BucketSeconds(TimeSpan.FromSeconds(seconds), perOctave: 4);

        Assert.Equal(expected, bucket);
    }

    [Fact]
    public void BucketSeconds_AnyDuration_PadsAtMostAQuarter()
    {
        for (var seconds = 1; seconds <= 600; seconds++)
        {
            var bucket = DurationBuckets.BucketSeconds(TimeSpan.FromSeconds(seconds), perOctave: 4);

            Assert.InRange(bucket, seconds, seconds * 1.25);
        }
    }
}
