namespace Mureka.Billing.Outbox;

/// <summary>Exponential backoff with "equal jitter" and a cap: replicas retrying the same outage spread out instead of arriving together.</summary>
public sealed class RetryPolicy(TimeSpan baseDelay, TimeSpan maxDelay, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <param name="attempts">Failed attempts so far, including the one that just failed (1 or more).</param>
    public TimeSpan DelayAfter(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        // Half fixed, half random: never shorter than half the backoff, never longer than the cap.
        return TimeSpan.FromMilliseconds((ceiling / 2) + (_random() * ceiling / 2));
    }
}
