namespace Mureka.Engine.Internal;

/// <summary>
/// The engine's render workers: how many items are arranged, rendered, mixed and mastered at once, across every batch
/// of the process. A slot is held for the whole of one item, so concurrent batches share the cores instead of each
/// assuming it has them all.
/// </summary>
internal sealed class RenderSlots : IDisposable
{
    private readonly SemaphoreSlim _free;

    public RenderSlots(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
        _free = new SemaphoreSlim(count, count);
    }

    public int Count { get; }

    /// <summary>Waits for a free slot; ends early (and takes none) when <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _free.WaitAsync(cancellationToken);

    public void Release() => _free.Release();

    public void Dispose() => _free.Dispose();
}
