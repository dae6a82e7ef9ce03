namespace Mureka.Gateway.Limits;

/// <summary>One token-bucket decision: the bucket holds <see cref="Limit"/> requests and refills fully over the window.</summary>
/// <param name="ResetAfter">Until the bucket is full again.</param>
/// <param name="RetryAfter">Until the next request would be allowed (zero when allowed).</param>
public sealed record RateDecision(bool Allowed, int Limit, int Remaining, TimeSpan Window, TimeSpan ResetAfter, TimeSpan RetryAfter)
{
    /// <summary>The store could not decide (Redis unreachable): the request goes through unlimited.</summary>
    public bool FailedOpen { get; init; }
}

/// <summary>Where the token buckets live: one per API key.</summary>
public interface IRequestRateStore
{
    ValueTask<RateDecision> TakeAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Decides without waiting when the store can (in-process); false sends the caller to <see cref="TakeAsync"/>.</summary>
    bool TryTakeNow(string bucket, int limit, TimeSpan window, out RateDecision? decision)
    {
        decision = null;
        return false;
    }
}
