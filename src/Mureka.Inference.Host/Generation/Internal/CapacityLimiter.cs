namespace Mureka.Inference.Host.Generation.Internal;

/// <summary>
/// Counts items in flight across all calls. A call either gets room for all its items at once or is refused: the
/// gateway's batcher owns queueing, so the host never builds an unbounded queue of its own.
/// </summary>
internal sealed class CapacityLimiter(int capacity)
{
    private int _inUse;

    public int Capacity => capacity;

    public int InUse => Volatile.Read(ref _inUse);

    public Lease? TryAcquire(int items)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        while (true)
        {
            var current = Volatile.Read(ref _inUse);
            if (current + items > capacity)
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref _inUse, current + items, current) == current)
            {
                return new Lease(this, items);
            }
        }
    }

    internal sealed class Lease(CapacityLimiter owner, int items) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Add(ref owner._inUse, -items);
            }
        }
    }
}
