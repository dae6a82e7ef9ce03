using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Mureka.Contracts.Inference.V1;
using Mureka.Gateway.Data;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// Takes queued jobs (woken by <see cref="Enqueue"/>, and by a periodic database poll for jobs left
/// over) and sends what is available as one Generate call to a ready host, up to its max batch size,
/// with at most <see cref="GatewayOptions.DispatchConcurrency"/> calls in flight. While no host is
/// ready, jobs stay queued and the dispatcher retries with exponential backoff; the sweeper fails
/// them at their deadline.
/// </summary>
public sealed partial class SimpleDispatcher(
    GenerationRepository repository,
    HostPool hosts,
    BatchRunner runner,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider,
    ILogger<SimpleDispatcher> logger) : BackgroundService, IGenerationDispatcher
{
    private static readonly TimeSpan MinRetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly Channel<Guid> _wakeUps = Channel.CreateBounded<Guid>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<Guid, RunningItem> _running = new();
    private readonly GatewayOptions _options = options.Value;

    /// <summary>The simple dispatcher never refuses: jobs wait in the database until a host is ready or the deadline passes.</summary>
    public DispatchAdmission CheckAvailability() => DispatchAdmission.Admitted;

    public ValueTask<DispatchAdmission> EnqueueAsync(DispatchTicket ticket, CancellationToken cancellationToken)
    {
        Enqueue(ticket.Id);
        return ValueTask.FromResult(DispatchAdmission.Admitted);
    }

    private void Enqueue(Guid generationId) => _wakeUps.Writer.TryWrite(generationId);

    public async Task CancelAsync(Guid generationId, CancellationToken cancellationToken)
    {
        if (!_running.TryGetValue(generationId, out var item))
        {
            return;
        }

        item.Canceled = true;
        try
        {
            await item.Host.Inference.CancelItemAsync(
                new CancelItemRequest { BatchId = item.BatchId, ItemId = generationId.ToString() },
                deadline: timeProvider.GetUtcNow().UtcDateTime.AddSeconds(5), cancellationToken: cancellationToken);
        }
        catch (Grpc.Core.RpcException e)
        {
            // The row already says canceled and the item's output is discarded; the host finishes the work unobserved.
            LogCancelFailed(logger, generationId, e.StatusCode);
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Single-replica assumption: whatever is 'running' now was left by a gateway that died.
        // With several replicas this needs leases (the batcher issue); see the README.
        var requeued = await repository.RequeueAllRunningAsync(timeProvider.GetUtcNow(), cancellationToken);
        if (requeued > 0)
        {
            LogRequeued(logger, requeued);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatchEnabled)
        {
            LogDisabled(logger);
            return;
        }

        using var slots = new SemaphoreSlim(Math.Max(1, _options.DispatchConcurrency));
        var retryDelay = MinRetryDelay;
        var wait = TimeSpan.Zero;
        var inFlight = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await WaitForWorkAsync(wait, stoppingToken);
                wait = _options.PollInterval;
                await slots.WaitAsync(stoppingToken);
                var claimed = false;
                try
                {
                    if (!await repository.HasQueuedAsync(timeProvider.GetUtcNow(), stoppingToken))
                    {
                        continue;
                    }

                    var host = await hosts.PickAsync(stoppingToken);
                    if (host is null)
                    {
                        LogNoHost(logger, retryDelay.TotalMilliseconds);
                        wait = retryDelay;
                        retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, _options.MaxHostRetryDelay.Ticks));
                        continue;
                    }

                    retryDelay = MinRetryDelay;
                    var maxBatch = Math.Max(1, host.Info?.MaxBatchSize ?? 1);
                    var jobs = await repository.ClaimQueuedAsync(maxBatch, host.Url, timeProvider.GetUtcNow(), stoppingToken);
                    if (jobs.Count == 0)
                    {
                        continue;
                    }

                    claimed = true;
                    // A full batch suggests more are waiting: look again at once.
                    wait = jobs.Count == maxBatch ? TimeSpan.Zero : _options.PollInterval;
                    inFlight.RemoveAll(t => t.IsCompleted);
                    inFlight.Add(RunAsync(host, jobs, slots, stoppingToken));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogLoopError(logger, e);
                    wait = retryDelay;
                }
                finally
                {
                    if (!claimed)
                    {
                        slots.Release();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(inFlight);
    }

    private async Task RunAsync(HostClient host, IReadOnlyList<GenerationRecord> jobs, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        var batchId = Guid.NewGuid().ToString("N");
        try
        {
            foreach (var job in jobs)
            {
                _running[job.Id] = new RunningItem(host, batchId);
            }

            var retry = await runner.RunAsync(host, batchId, jobs, id => _running.TryGetValue(id, out var r) && r.Canceled, stoppingToken);
            if (retry)
            {
                Enqueue(Guid.Empty);
            }
        }
        catch (Exception e)
        {
            LogLoopError(logger, e);
        }
        finally
        {
            foreach (var job in jobs)
            {
                _running.TryRemove(job.Id, out _);
            }

            slots.Release();
        }
    }

    private async Task WaitForWorkAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new CancellationTokenSource(wait, timeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timer.Token);
        try
        {
            await _wakeUps.Reader.WaitToReadAsync(timeout.Token);
            while (_wakeUps.Reader.TryRead(out _))
            {
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Poll interval elapsed: look in the database anyway.
        }
    }

    private sealed class RunningItem(HostClient host, string batchId)
    {
        public HostClient Host { get; } = host;

        public string BatchId { get; } = batchId;

        public volatile bool Canceled;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dispatch is disabled (Gateway:DispatchEnabled=false): jobs are accepted and stay queued")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-queued {Count} jobs left running by a previous gateway")]
    private static partial void LogRequeued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No inference host is ready; retrying in {DelayMs} ms")]
    private static partial void LogNoHost(ILogger logger, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatcher error")]
    private static partial void LogLoopError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CancelItem for {GenerationId} failed with {StatusCode}")]
    private static partial void LogCancelFailed(ILogger logger, Guid generationId, Grpc.Core.StatusCode statusCode);
}
