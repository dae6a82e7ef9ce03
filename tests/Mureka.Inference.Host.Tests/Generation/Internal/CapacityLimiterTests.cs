using Mureka.Inference.Host.Generation.Internal;

namespace Mureka.Inference.Host.Tests.Generation.Internal;

public sealed class CapacityLimiterTests
{
    [Fact]
    public void TryAcquire_BeyondCapacity_ReturnsNullUntilReleased()
    {
        // Arrange
        var limiter = new CapacityLimiter(4);
        var first = limiter.TryAcquire(3);

        // Act
        var refused = limiter.TryAcquire(2);
        first!.Dispose();
        first.Dispose();
        var admitted = limiter.TryAcquire(4);

        // Assert
        Assert.Null(refused);
        Assert.NotNull(admitted);
        Assert.Equal(4, limiter.InUse);
    }
}
