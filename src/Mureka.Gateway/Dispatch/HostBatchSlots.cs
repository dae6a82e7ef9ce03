using Mureka.Batching;
using Mureka.Contracts.Inference.V1;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// How many of the batcher's batches one host holds at once, from what the host reported: its capacity (items in
/// flight across its calls, by default its cores or its batch limit, whichever is more) over the largest batch the
/// batcher forms, so a host with more cores takes more batches. Never fewer than two while the host admits two items:
/// the next batch's decode then overlaps this one's renders instead of the host idling between batches (a batch that
/// finds the host full is handed back without costing an attempt). Never more batches than items it admits.
/// </summary>
public static class HostBatchSlots
{
    /// <summary>Batches a host holds at least (when its capacity allows): one rendering, the next composing.</summary>
    public const int Overlapping = 2;

    /// <summary>The batches for a host that reported <paramref name="info"/>; null when it reported no capacity (an older host).</summary>
    public static int? For(GetInfoResponse info, BatchingOptions batching)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(batching);
        if (info.Capacity <= 0)
        {
            return null;
        }

        var largestBatch = batching.Models.Values.Select(m => m.MaxBatchSize).Append(batching.Default.MaxBatchSize).Max();
        return Math.Max(Math.Min(Overlapping, info.Capacity), info.Capacity / Math.Max(1, largestBatch));
    }
}
