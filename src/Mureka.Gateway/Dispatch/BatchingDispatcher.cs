using Microsoft.Extensions.Options;
using Mureka.Batching;
using Mureka.Gateway.Data;
using PoolOfHosts = Mureka.Batching.Hosts.HostPool<Mureka.Gateway.Dispatch.HostClient>;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// The dynamic batcher behind <see cref="IGenerationDispatcher"/>:
/// new jobs are admitted into a <see cref="Batcher"/> (bounded, per-model batch size and delay, plan
/// priority, tenant fairness), whose batches <see cref="BatchExecutor"/> runs on the host pool. The
/// database stays the source of truth: a periodic poll queues jobs this replica was not told about
/// (left by a restart, by a replica that died before claiming them, or re-queued by <see cref="LeaseKeeper"/>).
/// On stop it drains: no new batches start, running ones get <see cref="GatewayOptions.DrainTimeout"/> to finish,
/// and what still runs then goes back to the queue without spending an attempt. A batcher loop that fails
/// stops the process instead of leaving every new job waiting for a loop that is gone.
/// </summary>
public sealed partial class BatchingDispatcher : BackgroundService, IGenerationDispatcher
{
    private const int PollBatch = 256;

    private readonly GenerationRepository _repository;
    private readonly PoolOfHosts _pool;
    private readonly RunningJobs _running;
    private readonly DatabaseAvailability _database;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BatchingDispatcher> _logger;
    private readonly Batcher _batcher;
    private int _stopped;
    private volatile bool _draining;

    public BatchingDispatcher(
        GenerationRepository repository,
        PoolOfHosts pool,
        BatchExecutor executor,
        RunningJobs running,
        DatabaseAvailability database,
        BatchingMetrics metrics,
        IOptions<GatewayOptions> options,
        IOptions<BatchingOptions> batching,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _repository = repository;
        _pool = pool;
        _running = running;
        _database = database;
        _options = options.Value;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger<BatchingDispatcher>();
        _batcher = new Batcher(batching.Value, executor, timeProvider, metrics, loggerFactory.CreateLogger<Batcher>());
        metrics.ObserveHostUtilization(() => pool.Utilization);

        // The batcher forms only as many batches as the usable hosts can run: the rest waits in its queue.
        pool.Changed += (_, _) =>
        {
            if (!_draining)
            {
                _batcher.SetCapacity(pool.Capacity);
            }
        };
    }

    public DispatchAdmission CheckAvailability() =>
        !_options.DispatchEnabled || _pool.HasUsableHost ? DispatchAdmission.Admitted : new DispatchAdmission(DispatchRejection.NoHost, _options.MaxHostRetryDelay);

    public async ValueTask<DispatchAdmission> EnqueueAsync(DispatchTicket ticket, CancellationToken cancellationToken)
    {
        if (!_options.DispatchEnabled)
        {
            return DispatchAdmission.Admitted;
        }

        var result = await _batcher.EnqueueAsync(
            new BatchItem(ticket.Id, ticket.TenantId.ToString(), ticket.Model, ticket.Priority, TimeSpan.FromMilliseconds(ticket.DurationMs), ticket.Deadline),
            cancellationToken);

        // ShuttingDown is not a refusal: the row stays queued and another replica (or the next start) runs it.
        return result.Reason == RejectReason.QueueFull
            ? new DispatchAdmission(DispatchRejection.Overloaded, result.RetryAfter)
            : DispatchAdmission.Admitted;
    }

    public async Task CancelAsync(Guid generationId, CancellationToken cancellationToken)
    {
        // With dispatch off the batcher never starts: nothing is queued or running here, and asking its loop
        // would wait forever (the deadline sweeper would hang on its first failed job).
        if (!_options.DispatchEnabled)
        {
            return;
        }

        if (!await _batcher.CancelAsync(generationId, cancellationToken))
        {
            await _running.CancelAsync(generationId, cancellationToken);
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Jobs of replicas that died (expired leases) are queued again by the lease keeper's first round.
        _batcher.SetCapacity(_pool.Capacity);
        if (_options.DispatchEnabled)
        {
            _batcher.Start();
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        // Drain: no new batches; running ones may finish. Then the batcher's stop token sends what still runs back to the queue.
        _draining = true;
        _batcher.SetCapacity(0);
        try
        {
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            drain.CancelAfter(_options.DrainTimeout);
            while (_running.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, drain.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await _batcher.DisposeAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatchEnabled)
        {
            return;
        }

        // A failed batcher loop ends this service with its exception, which stops the process (the host's
        // default for a failed background service): an orchestrator restarts it, and the jobs are in the database.
        var loop = _batcher.Completion;
        var poll = PollLoopAsync(stoppingToken);
        if (await Task.WhenAny(loop, poll) == loop && loop.IsFaulted)
        {
            LogBatcherFailed(_logger);
            await loop;
        }

        await poll;
    }

    private async Task PollLoopAsync(CancellationToken stoppingToken)
    {
        // The first pass takes everything queued; later ones skip rows written moments ago, which the
        // replica that wrote them is queuing already.
        var quietFor = TimeSpan.Zero;
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        try
        {
            do
            {
                try
                {
                    await PollAsync(quietFor, stoppingToken);
                    quietFor = _options.PollInterval * 2;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // An outage is reported once by DatabaseAvailability; the next poll catches up.
                    if (!_database.ReportFailure(e))
                    {
                        LogPollFailed(_logger, e);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PollAsync(TimeSpan quietFor, CancellationToken cancellationToken)
    {
        var rows = await _repository.ListQueuedAsync(PollBatch, _time.GetUtcNow(), quietFor, cancellationToken);
        foreach (var row in rows)
        {
            var deadline = new DateTimeOffset(DateTime.SpecifyKind(row.DeadlineAt, DateTimeKind.Utc));
            var item = new BatchItem(row.Id, row.TenantId.ToString(), row.Model, row.Priority, TimeSpan.FromMilliseconds(row.DurationMs), deadline);

            // Duplicates (already queued here) are harmless; a full queue leaves the row for a later poll.
            var result = await _batcher.EnqueueAsync(item, cancellationToken);
            if (result.Reason is RejectReason.QueueFull or RejectReason.ShuttingDown)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The batcher loop failed; stopping the gateway so it restarts (queued jobs are kept in the database)")]
    private static partial void LogBatcherFailed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling queued generations failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
