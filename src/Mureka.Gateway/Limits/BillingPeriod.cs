namespace Mureka.Gateway.Limits;

/// <summary>
/// The quota window: the calendar month in UTC. The same boundary as the <c>usage_periods</c> trigger
/// (<c>date_trunc('month', recorded_at at time zone 'UTC')</c>), so what admission counts is what was billed.
/// </summary>
public readonly record struct BillingPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    public static BillingPeriod Containing(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new BillingPeriod(start, start.AddMonths(1));
    }

    public TimeSpan Length => End - Start;

    /// <summary>Whole seconds until the period ends (at least 1).</summary>
    public long SecondsLeft(DateTimeOffset now) => Math.Max(1, (long)Math.Ceiling((End - now).TotalSeconds));
}
