namespace Mureka.Batching.Internal;

/// <summary>Messages to the actor; the loop is the only reader, so the state needs no lock.</summary>
internal abstract record BatcherCommand
{
    public sealed record Enqueue(BatchItem Item, TaskCompletionSource<AdmissionResult> Reply) : BatcherCommand;

    /// <summary>Items an executor handed back; queued again like new ones, with nobody waiting for the answer.</summary>
    public sealed record Requeue(IReadOnlyList<BatchItem> Items) : BatcherCommand;

    public sealed record Cancel(Guid Id, TaskCompletionSource<bool> Reply) : BatcherCommand;

    /// <summary>Nothing to do but look again, e.g. after a capacity change or a finished batch.</summary>
    public sealed record Wake : BatcherCommand;

    /// <summary>Answered after the loop dispatched what it could, so a reply means "the loop has caught up".</summary>
    public sealed record Snapshot(TaskCompletionSource<BatcherSnapshot> Reply) : BatcherCommand;
}
