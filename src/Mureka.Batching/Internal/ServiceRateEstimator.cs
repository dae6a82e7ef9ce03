namespace Mureka.Batching.Internal;

/// <summary>
/// Items dispatched per second over the last few batches, for Retry-After: a client told to come back
/// when the queue ahead of it has drained is more useful than one told a constant. A fixed ring keeps
/// memory constant; samples older than the window are ignored so a burst long ago does not linger.
/// </summary>
internal sealed class ServiceRateEstimator
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly (DateTimeOffset At, int Count)[] _samples = new (DateTimeOffset, int)[32];
    private int _next;
    private int _filled;

    public void Record(DateTimeOffset now, int count)
    {
        _samples[_next] = (now, count);
        _next = (_next + 1) % _samples.Length;
        _filled = Math.Min(_filled + 1, _samples.Length);
    }

    /// <summary>Items per second, or null when there is too little recent history to say.</summary>
    public double? ItemsPerSecond(DateTimeOffset now)
    {
        var oldest = DateTimeOffset.MaxValue;
        var items = 0;
        var samples = 0;
        for (var i = 0; i < _filled; i++)
        {
            var (at, count) = _samples[i];
            if (now - at > Window)
            {
                continue;
            }

            oldest = at < oldest ? at : oldest;
            items += count;
            samples++;
        }

        var span = now - oldest;
        if (samples < 2 || span <= TimeSpan.Zero)
        {
            return null;
        }

        return items / span.TotalSeconds;
    }
}
