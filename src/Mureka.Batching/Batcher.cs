using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mureka.Batching.Internal;

namespace Mureka.Batching;

/// <summary>
/// The batcher actor: one background loop owns a <see cref="BatchQueueState"/> and is the only code
/// that touches it; callers send commands through a bounded channel. The loop sleeps until the next
/// command or the state's next due time, measured on the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class Batcher : IAsyncDisposable
{
    private readonly BatchQueueState _state;
    private readonly BatchingOptions _options;
    private readonly IBatchExecutor _executor;
    private readonly TimeProvider _time;
    private readonly BatchingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<BatcherCommand> _commands;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<Guid, Task> _running = [];
    private readonly List<Task> _background = [];
    private readonly ConcurrentQueue<Guid> _completed = new();
    private int _capacity;
    private int _depth;
    private Task? _loop;

    public Batcher(BatchingOptions options, IBatchExecutor executor, TimeProvider timeProvider, BatchingMetrics? metrics = null, ILogger<Batcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _state = new BatchQueueState(options);
        _options = options;
        _executor = executor ?? throw new ArgumentNullException(nameof(executor));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _metrics = metrics ?? new BatchingMetrics();
        _metrics.ObserveQueueDepth(() => Volatile.Read(ref _depth));
        _logger = logger ?? NullLogger<Batcher>.Instance;
        _capacity = options.InitialCapacity;
        _commands = Channel.CreateBounded<BatcherCommand>(new BoundedChannelOptions(options.CommandQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Items queued, as last published by the loop; safe from any thread.</summary>
    public int QueueDepth => Volatile.Read(ref _depth);

    /// <summary>Completes when the loop ends; faulted when it failed, so its owner can stop the process rather than accept work nobody runs.</summary>
    public Task Completion => _loop ?? Task.CompletedTask;

    /// <summary>Starts the loop; separate from construction so a host decides when work begins.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The batcher is already running.");
        }

        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    public async ValueTask<AdmissionResult> EnqueueAsync(BatchItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var reply = new TaskCompletionSource<AdmissionResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!await TryWriteAsync(new BatcherCommand.Enqueue(item, reply), cancellationToken))
        {
            return AdmissionResult.Rejected(RejectReason.ShuttingDown, TimeSpan.Zero);
        }

        return await reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>True when the item was still queued and is now removed; false when it already left (cancel it on its host).</summary>
    public async ValueTask<bool> CancelAsync(Guid id, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!await TryWriteAsync(new BatcherCommand.Cancel(id, reply), cancellationToken))
        {
            return false;
        }

        return await reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>How many batches may run at once (in flight included), e.g. the pool's usable slots.</summary>
    public void SetCapacity(int concurrentBatches)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(concurrentBatches);
        Volatile.Write(ref _capacity, concurrentBatches);

        // A full channel means the loop has commands to process and will re-read the capacity anyway.
        _commands.Writer.TryWrite(new BatcherCommand.Wake());
    }

    /// <summary>Counters after the loop has processed everything sent before this call and dispatched what it could.</summary>
    public async ValueTask<BatcherSnapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<BatcherSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!await TryWriteAsync(new BatcherCommand.Snapshot(reply), cancellationToken))
        {
            return new BatcherSnapshot(QueueDepth, 0, Volatile.Read(ref _capacity));
        }

        return await reply.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _commands.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        // Running batches saw the stop token; wait so no executor outlives the batcher.
        await Task.WhenAll(_running.Values.Concat(_background));
        _stopping.Dispose();
    }

    private async ValueTask<bool> TryWriteAsync(BatcherCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await _commands.Writer.WriteAsync(command, cancellationToken);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }
}
