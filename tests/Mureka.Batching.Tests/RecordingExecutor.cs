using System.Threading.Channels;

namespace Mureka.Batching.Tests;

/// <summary>Records what the batcher emits; batches stay "running" until the test releases them.</summary>
internal sealed class RecordingExecutor : IBatchExecutor
{
    private readonly Channel<Batch> _batches = Channel.CreateUnbounded<Batch>();
    private readonly Channel<QueuedItem> _timedOut = Channel.CreateUnbounded<QueuedItem>();

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What the next released batches hand back for requeueing.</summary>
    public IReadOnlyList<BatchItem> HandBack { get; set; } = [];

    public async Task<IReadOnlyList<BatchItem>> ExecuteAsync(Batch batch, CancellationToken cancellationToken)
    {
        await _batches.Writer.WriteAsync(batch, cancellationToken);
        await Release.Task.WaitAsync(cancellationToken);
        return HandBack;
    }

    public async Task OnTimedOutAsync(IReadOnlyList<QueuedItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            await _timedOut.Writer.WriteAsync(item, cancellationToken);
        }
    }

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Polls with a real-time deadline so a bug fails the test instead of hanging it.</summary>
    public async Task<Batch> NextBatchAsync()
    {
        using var cts = new CancellationTokenSource(Deadline);
        return await _batches.Reader.ReadAsync(cts.Token);
    }

    public async Task<QueuedItem> NextTimedOutAsync()
    {
        using var cts = new CancellationTokenSource(Deadline);
        return await _timedOut.Reader.ReadAsync(cts.Token);
    }

    public bool TryTakeBatch(out Batch? batch) => _batches.Reader.TryRead(out batch);
}
