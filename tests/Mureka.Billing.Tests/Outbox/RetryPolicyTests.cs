using Mureka.Billing.Outbox;

namespace Mureka.Billing.Tests.Outbox;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 1.0, 1000)]
    [InlineData(2, 0.0, 1000)]
    [InlineData(3, 1.0, 4000)]
    [InlineData(10, 0.0, 5000)]
    [InlineData(10, 1.0, 10000)]
    [InlineData(1000, 1.0, 10000)]
    public void DelayAfter_Attempts_DoublesWithJitterUpToCap(int attempts, double random, double expectedMs)
    {
        var policy = new RetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), () => random);

        Assert.Equal(expectedMs, policy.DelayAfter(attempts).TotalMilliseconds, precision: 3);
    }
}
