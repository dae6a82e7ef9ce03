using System.Collections.Concurrent;

namespace Mureka.Gateway.Limits;

/// <summary>
/// Token buckets in this process: used when no Redis is configured, so a single gateway (the dev stack,
/// most tests) is limited without extra services. Each replica counts on its own.
/// </summary>
public sealed class InProcessRateStore(TimeProvider timeProvider) : IRequestRateStore
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public ValueTask<RateDecision> TakeAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Take(bucket, limit, window));

    public bool TryTakeNow(string bucket, int limit, TimeSpan window, out RateDecision? decision)
    {
        decision = Take(bucket, limit, window);
        return true;
    }

    private RateDecision Take(string bucket, int limit, TimeSpan window)
    {
        var now = timeProvider.GetElapsedTime(0);
        var state = _buckets.GetOrAdd(bucket, _ => new Bucket(limit, now));
        lock (state)
        {
            var perTick = limit / (double)window.Ticks;
            state.Tokens = Math.Min(limit, state.Tokens + ((now - state.At).Ticks * perTick));
            state.At = now;
            var allowed = state.Tokens >= 1;
            if (allowed)
            {
                state.Tokens -= 1;
            }

            var retry = allowed ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling((1 - state.Tokens) / perTick));
            var reset = TimeSpan.FromTicks((long)Math.Ceiling((limit - state.Tokens) / perTick));
            return new RateDecision(allowed, limit, (int)Math.Floor(state.Tokens), window, reset, retry);
        }
    }

    private sealed class Bucket(double tokens, TimeSpan at)
    {
        public double Tokens { get; set; } = tokens;

        public TimeSpan At { get; set; } = at;
    }
}
