namespace Mureka.Batching.Internal;

/// <summary>
/// All tenants at one priority within one group, served round robin: each turn takes one item from
/// the tenant at the front of the ring and moves it to the back, so a tenant with 1,000 items and a
/// tenant with one alternate. The ring persists between batches, so the rotation carries on where the
/// last batch stopped instead of favouring whoever happens to be first.
/// </summary>
internal sealed class PriorityLevel(int priority, GroupQueue group)
{
    private readonly Dictionary<string, TenantQueue> _tenants = new(StringComparer.Ordinal);
    private readonly LinkedList<TenantQueue> _ring = new();

    public int Priority { get; } = priority;

    public GroupQueue Group { get; } = group;

    public bool IsEmpty => _ring.Count == 0;

    public IEnumerable<TenantQueue> Tenants => _ring;

    public TenantQueue GetOrAdd(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var queue))
        {
            queue = new TenantQueue(tenant, this);
            queue.RingNode = _ring.AddLast(queue);
            _tenants.Add(tenant, queue);
        }

        return queue;
    }

    /// <summary>The next entry in round-robin order; rotates the ring past its tenant.</summary>
    public QueueEntry? TakeTurn()
    {
        var front = _ring.First;
        if (front is null)
        {
            return null;
        }

        var entry = front.Value.Items.First!.Value;
        _ring.Remove(front);
        _ring.AddLast(front);
        return entry;
    }

    public void RemoveIfEmpty(TenantQueue queue)
    {
        if (queue.Items.Count == 0 && queue.RingNode is not null)
        {
            _ring.Remove(queue.RingNode);
            queue.RingNode = null;
            _tenants.Remove(queue.Tenant);
        }
    }
}
