using System.Collections.Concurrent;
using Grpc.Core;

namespace Mureka.Inference.Host.Generation.Internal;

/// <summary>Items of running batches by (batch_id, item_id), so CancelItem can reach an item of another call.</summary>
internal sealed class RunningItems
{
    private readonly ConcurrentDictionary<(string BatchId, string ItemId), ItemRun> _items = new();

    /// <summary>Registers every item of a batch, or none when the batch id is already running.</summary>
    public IDisposable Register(string batchId, IReadOnlyList<ItemRun> runs)
    {
        // Without a batch id an item cannot be named unambiguously, so it is simply not cancellable one by one.
        if (batchId.Length == 0)
        {
            return new Registration(this, []);
        }

        var added = new List<(string, string)>(runs.Count);
        foreach (var run in runs)
        {
            var key = (batchId, run.ItemId);
            if (!_items.TryAdd(key, run))
            {
                new Registration(this, added).Dispose();
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"batch '{batchId}' is already running"));
            }

            added.Add(key);
        }

        return new Registration(this, added);
    }

    /// <summary>False when the item is unknown, already finished or already cancelled.</summary>
    public bool Cancel(string batchId, string itemId) =>
        _items.TryGetValue((batchId, itemId), out var run) && run.Cancel();

    private sealed class Registration(RunningItems owner, List<(string, string)> keys) : IDisposable
    {
        public void Dispose()
        {
            foreach (var key in keys)
            {
                owner._items.TryRemove(key, out _);
            }

            keys.Clear();
        }
    }
}
