namespace Mureka.Batching.Internal;

/// <summary>An item plus the links that let cancel and expiry remove it in O(log n) without scanning.</summary>
internal sealed class QueueEntry(QueuedItem item, long sequence, TenantQueue owner)
{
    public QueuedItem Item { get; } = item;

    /// <summary>Breaks deadline ties so the deadline index never treats two entries as equal.</summary>
    public long Sequence { get; } = sequence;

    public TenantQueue Owner { get; } = owner;

    public LinkedListNode<QueueEntry>? Node { get; set; }
}

internal sealed class DeadlineComparer : IComparer<QueueEntry>
{
    public static DeadlineComparer Instance { get; } = new();

    public int Compare(QueueEntry? x, QueueEntry? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var byDeadline = x.Item.QueueDeadline.CompareTo(y.Item.QueueDeadline);
        return byDeadline != 0 ? byDeadline : x.Sequence.CompareTo(y.Sequence);
    }
}
