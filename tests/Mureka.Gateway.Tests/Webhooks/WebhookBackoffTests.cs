using Mureka.Gateway.Webhooks;

namespace Mureka.Gateway.Tests.Webhooks;

public sealed class WebhookBackoffTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextAttemptAt_DefaultsMidJitter_DoublesFromThreeMinutesCappedAtTwelveHoursSpanningAboutADay()
    {
        var options = new WebhookOptions();
        var delays = Enumerable.Range(1, options.MaxAttempts - 1)
            .Select(attempt => WebhookBackoff.NextAttemptAt(attempt, Now, options, 0.5)!.Value - Now)
            .ToList();

        Assert.Equal(TimeSpan.FromMinutes(3), delays[0]);
        Assert.Equal(TimeSpan.FromMinutes(6), delays[1]);
        Assert.Equal(TimeSpan.FromMinutes(384), delays[^2]);
        Assert.Equal(TimeSpan.FromHours(12), delays[^1]);
        Assert.InRange(delays.Aggregate(TimeSpan.Zero, (a, b) => a + b).TotalHours, 24, 26);
    }

    [Fact]
    public void NextAttemptAt_LastAttempt_ReturnsNull()
    {
        var options = new WebhookOptions { MaxAttempts = 3 };

        Assert.NotNull(WebhookBackoff.NextAttemptAt(2, Now, options, 0.5));
        Assert.Null(WebhookBackoff.NextAttemptAt(3, Now, options, 0.5));
    }

    [Theory]
    [InlineData(0.0, 0.8)]
    [InlineData(0.999999, 1.2)]
    public void NextAttemptAt_Jitter_StaysWithinConfiguredFraction(double random, double factor)
    {
        var options = new WebhookOptions { RetryBaseDelay = TimeSpan.FromSeconds(10), RetryJitter = 0.2 };

        var delay = WebhookBackoff.NextAttemptAt(1, Now, options, random)!.Value - Now;

        Assert.Equal(10 * factor, delay.TotalSeconds, 3);
    }

    [Fact]
    public void NextAttemptAt_LateAttempt_CappedAtMaxRetryDelay()
    {
        var options = new WebhookOptions { MaxAttempts = 50, RetryBaseDelay = TimeSpan.FromMinutes(3), MaxRetryDelay = TimeSpan.FromHours(1), RetryJitter = 0 };

        Assert.Equal(TimeSpan.FromHours(1), WebhookBackoff.NextAttemptAt(40, Now, options, 0.5)!.Value - Now);
    }
}
