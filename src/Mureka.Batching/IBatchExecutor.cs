namespace Mureka.Batching;

/// <summary>
/// Where the batcher hands its output. The gateway implements it: pick a host from the pool, run the
/// batch over gRPC, record results. A batch counts against the batcher's capacity until
/// <see cref="ExecuteAsync"/> completes, so it should complete when the host is done with it.
/// </summary>
public interface IBatchExecutor
{
    /// <returns>
    /// The items that did not run and should be queued again (no host could take them, or the host failed
    /// under them); the batcher puts them back in its queue.
    /// </returns>
    Task<IReadOnlyList<BatchItem>> ExecuteAsync(Batch batch, CancellationToken cancellationToken);

    /// <summary>Items whose queue deadline passed before they ran; each is reported exactly once.</summary>
    Task OnTimedOutAsync(IReadOnlyList<QueuedItem> items, CancellationToken cancellationToken);
}
