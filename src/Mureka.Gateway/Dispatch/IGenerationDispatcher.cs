namespace Mureka.Gateway.Dispatch;

/// <summary>
/// What the API layer needs from whatever runs jobs (the dynamic batcher over the host pool), so the API
/// layer does not depend on how jobs are scheduled.
/// </summary>
public interface IGenerationDispatcher
{
    /// <summary>Cheap check before anything is stored: may a new job be accepted at all (some host usable)?</summary>
    DispatchAdmission CheckAvailability();

    /// <summary>A job was stored as queued. A rejection means it must not stay queued (the caller removes it).</summary>
    ValueTask<DispatchAdmission> EnqueueAsync(DispatchTicket ticket, CancellationToken cancellationToken);

    /// <summary>Stops a job this replica is running or queuing (the row is already marked canceled).</summary>
    Task CancelAsync(Guid generationId, CancellationToken cancellationToken);
}
