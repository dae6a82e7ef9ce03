namespace Mureka.Gateway.Dispatch;

/// <summary>
/// What the API layer needs from whatever runs jobs. The simple dispatcher implements it today; the
/// dynamic batcher (Mureka.Batching) replaces it without the API layer noticing.
/// </summary>
public interface IGenerationDispatcher
{
    /// <summary>A job was stored as queued; a hint, since the database stays the source of truth.</summary>
    void Enqueue(Guid generationId);

    /// <summary>Stops a job this replica is running (the row is already marked canceled).</summary>
    Task CancelAsync(Guid generationId, CancellationToken cancellationToken);
}
