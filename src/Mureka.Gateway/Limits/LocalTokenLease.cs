namespace Mureka.Gateway.Limits;

/// <summary>
/// This replica's share of one key's Redis bucket: tokens taken from Redis in one call and spent here without a
/// round trip, or Redis's refusal remembered until the bucket can hold a token again. Tokens are taken from Redis
/// before they are spent, so the replicas together never admit more than the bucket allows; what a lease holds
/// unspent when it lapses is lost, which errs toward refusing. The batch follows this replica's recent demand
/// for the key (one token for a client that asks now and then, up to the cap for a busy one), so the loss stays
/// within about one lifetime of that demand.
/// </summary>
internal sealed class LocalTokenLease(int limit, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private int _tokens;
    private long _expiresAt;
    private long _refusedUntil;
    private long _grantedAt;
    private int _remainingAtGrant;
    private TimeSpan _resetAtGrant;
    private int _spentSinceRefill;
    private long _refilledAt;
    private Task? _refill;

    /// <summary>The bucket size the tokens were taken for; a plan change makes a new lease.</summary>
    public int Limit { get; } = limit;

    /// <summary>Spends a held token, or repeats a refusal still in force; false when only Redis can decide.</summary>
    public bool TryTake(TimeSpan window, out RateDecision? decision)
    {
        var now = clock.GetTimestamp();
        lock (_gate)
        {
            var sinceGrant = clock.GetElapsedTime(_grantedAt, now);
            var reset = _resetAtGrant > sinceGrant ? _resetAtGrant - sinceGrant : TimeSpan.Zero;
            if (now < _refusedUntil)
            {
                decision = new RateDecision(false, Limit, 0, window, reset, clock.GetElapsedTime(now, _refusedUntil));
                return true;
            }

            if (_tokens > 0 && now < _expiresAt)
            {
                _tokens--;
                _spentSinceRefill++;
                decision = new RateDecision(true, Limit, _remainingAtGrant + _tokens, window, reset, TimeSpan.Zero);
                return true;
            }

            decision = null;
            return false;
        }
    }

    /// <summary>
    /// How many tokens to ask Redis for: this replica's demand for the key since the last refill, over one lease
    /// lifetime, between 1 and <paramref name="cap"/>.
    /// </summary>
    public int NextBatch(int cap, TimeSpan lifetime)
    {
        var now = clock.GetTimestamp();
        lock (_gate)
        {
            var first = _refilledAt == 0;
            var elapsed = clock.GetElapsedTime(_refilledAt, now);
            var spent = _spentSinceRefill;
            _spentSinceRefill = 0;
            _refilledAt = now;
            if (first || cap <= 1 || elapsed <= TimeSpan.Zero)
            {
                return 1;
            }

            var perLifetime = spent * (lifetime / elapsed);
            return (int)Math.Clamp(Math.Ceiling(perLifetime), 1, cap);
        }
    }

    /// <summary>Keeps what Redis granted (held until <paramref name="lifetime"/> passes), or its refusal.</summary>
    public void Grant(int granted, int remaining, TimeSpan resetAfter, TimeSpan retryAfter, TimeSpan lifetime)
    {
        var now = clock.GetTimestamp();
        lock (_gate)
        {
            _tokens = now < _expiresAt ? _tokens + granted : granted;
            _expiresAt = now + (long)(lifetime.TotalSeconds * clock.TimestampFrequency);
            _refusedUntil = granted == 0 ? now + (long)(retryAfter.TotalSeconds * clock.TimestampFrequency) : 0;
            _grantedAt = now;
            _remainingAtGrant = remaining;
            _resetAtGrant = resetAfter;
        }
    }

    /// <summary>
    /// Runs <paramref name="refill"/> unless one is already running for this lease, and waits for whichever runs:
    /// a burst of requests that finds the lease empty makes one Redis call, not one each. The shared call is not
    /// tied to any one request's cancellation; <paramref name="cancellationToken"/> only stops this caller's wait.
    /// </summary>
    public async Task RefillOnceAsync(Func<Task> refill, CancellationToken cancellationToken)
    {
        TaskCompletionSource? mine = null;
        Task shared;
        lock (_gate)
        {
            if (_refill is null)
            {
                mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _refill = mine.Task;
            }

            shared = _refill;
        }

        if (mine is not null)
        {
            try
            {
                await refill();
                mine.SetResult();
            }
            catch (Exception e)
            {
                mine.SetException(e);
            }
            finally
            {
                lock (_gate)
                {
                    _refill = null;
                }
            }
        }

        await shared.WaitAsync(cancellationToken);
    }
}
