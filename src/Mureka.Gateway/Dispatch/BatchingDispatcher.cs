using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Mureka.Batching;
using Mureka.Gateway.Data;
using PoolOfHosts = Mureka.Batching.Hosts.HostPool;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// The dynamic batcher behind <see cref="IGenerationDispatcher"/> (<c>Gateway:Dispatcher=batching</c>):
/// new jobs are admitted into a <see cref="Batcher"/> (bounded, per-model batch size and delay, plan
/// priority, tenant fairness), whose batches <see cref="BatchExecutor"/> runs on the host pool. The
/// database stays the source of truth: a periodic poll queues jobs this replica was not told about
/// (left by a restart, by a replica that died before claiming them, or re-queued by <see cref="LeaseKeeper"/>).
/// </summary>
public sealed partial class BatchingDispatcher : BackgroundService, IGenerationDispatcher
{
    private const int PollBatch = 256;

    private readonly GenerationRepository _repository;
    private readonly PoolOfHosts _pool;
    private readonly RunningJobs _running;
    private readonly LeaseKeeper _leases;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BatchingDispatcher> _logger;
    private readonly Batcher _batcher;
    private readonly ConcurrentDictionary<string, int> _priorities = new(StringComparer.Ordinal);
    private int _stopped;

    public BatchingDispatcher(
        GenerationRepository repository,
        PoolOfHosts pool,
        BatchExecutor executor,
        RunningJobs running,
        LeaseKeeper leases,
        BatchingMetrics metrics,
        IOptions<GatewayOptions> options,
        IOptions<BatchingOptions> batching,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _repository = repository;
        _pool = pool;
        _running = running;
        _leases = leases;
        _options = options.Value;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger<BatchingDispatcher>();
        _batcher = new Batcher(batching.Value, executor, timeProvider, metrics, loggerFactory.CreateLogger<Batcher>());
        executor.Requeue = RequeueAsync;
        metrics.ObserveHostUtilization(() => pool.Utilization);

        // The batcher forms only as many batches as the usable hosts can run: the rest waits in its queue.
        pool.Changed += (_, _) => _batcher.SetCapacity(pool.Capacity);
    }

    public DispatchAdmission CheckAvailability() =>
        !_options.DispatchEnabled || _pool.HasUsableHost ? DispatchAdmission.Admitted : new DispatchAdmission(DispatchRejection.NoHost, _options.MaxHostRetryDelay);

    public async ValueTask<DispatchAdmission> EnqueueAsync(DispatchTicket ticket, CancellationToken cancellationToken)
    {
        if (!_options.DispatchEnabled)
        {
            return DispatchAdmission.Admitted;
        }

        var priority = await PriorityAsync(ticket.PlanId, cancellationToken);
        var result = await _batcher.EnqueueAsync(
            new BatchItem(ticket.Id, ticket.TenantId.ToString(), ticket.Model, priority, TimeSpan.FromMilliseconds(ticket.DurationMs), ticket.Deadline),
            cancellationToken);

        // ShuttingDown is not a refusal: the row stays queued and another replica (or the next start) runs it.
        return result.Reason == RejectReason.QueueFull
            ? new DispatchAdmission(DispatchRejection.Overloaded, result.RetryAfter)
            : DispatchAdmission.Admitted;
    }

    public async Task CancelAsync(Guid generationId, CancellationToken cancellationToken)
    {
        if (!await _batcher.CancelAsync(generationId, cancellationToken))
        {
            await _running.CancelAsync(generationId, cancellationToken);
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Jobs of replicas that died (expired leases) go back to the queue before the first poll; jobs
        // other live replicas run keep their leases.
        try
        {
            await _leases.TickAsync(cancellationToken);
        }
        catch (Exception e) when (Data.DatabaseFailures.IsUnavailable(e))
        {
            // Starting while the database is down: LeaseKeeper's periodic tick does this once it is back.
        }

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

        // Running batches see the stop token and put their unfinished jobs back in the database queue.
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _batcher.DisposeAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatchEnabled)
        {
            return;
        }

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
                    LogPollFailed(_logger, e);
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
            _priorities.TryAdd(row.PlanId, row.Priority);
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

    private async Task RequeueAsync(IReadOnlyList<BatchItem> items)
    {
        foreach (var item in items)
        {
            // A full queue here is fine: the row is queued in the database and the poll brings it back.
            await _batcher.EnqueueAsync(item, CancellationToken.None);
        }
    }

    /// <summary>Plans change rarely and are few: each plan's priority is read once per replica.</summary>
    private async ValueTask<int> PriorityAsync(string planId, CancellationToken cancellationToken)
    {
        if (_priorities.TryGetValue(planId, out var priority))
        {
            return priority;
        }

        priority = await _repository.GetPlanPriorityAsync(planId, cancellationToken);
        _priorities.TryAdd(planId, priority);
        return priority;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Polling queued generations failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
