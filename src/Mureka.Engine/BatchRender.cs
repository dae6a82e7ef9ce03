using Mureka.Spec;

namespace Mureka.Engine;

/// <summary>
/// One request of a batch with its own progress sink and cancellation: cancelling it skips its
/// remaining work without touching the other items of the batch. With a <see cref="MixStreamTarget"/> the mix is
/// encoded and handed out window by window as it renders, where the request allows (<see cref="RenderResult.MixStreamed"/>).
/// </summary>
public sealed record BatchItem(ResolvedMusicSpec Request, IProgress<RenderProgress>? Progress = null, CancellationToken CancellationToken = default)
{
    /// <summary>Where the mix goes while it renders; null renders it whole and leaves the encoding to the caller.</summary>
    public MixStreamTarget? MixStream { get; init; }
}

/// <summary>
/// A running batch started by <see cref="MurekaEngine.StartBatch"/>: <see cref="Composition"/> completes when the
/// shared batched decode has finished, and every item has its own task that completes as soon as that
/// item is rendered, fails, or is cancelled (at once, even while the shared decode is still running).
/// <see cref="Completion"/> completes when the engine has stopped working on the batch (never faults), so a
/// caller can hold capacity until cancelled work has really wound down.
/// </summary>
public sealed record BatchRender(Task Composition, IReadOnlyList<Task<RenderResult>> Items, Task Completion);
