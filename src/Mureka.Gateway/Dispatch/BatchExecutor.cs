using Microsoft.Extensions.Options;
using Mureka.Batching;
using Mureka.Gateway.Data;
using Mureka.Gateway.Generations;
using PoolOfHosts = Mureka.Batching.Hosts.HostPool<Mureka.Gateway.Dispatch.HostClient>;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// Runs the batcher's batches: leases the least-loaded usable host, claims the jobs in PostgreSQL (the
/// row, not the queue, decides who runs a job), streams them through <see cref="BatchRunner"/>, and
/// reports the outcome to the circuit breaker. Jobs that should run again are handed back to the batcher.
/// </summary>
public sealed partial class BatchExecutor(
    GenerationRepository repository,
    PoolOfHosts pool,
    BatchRunner runner,
    RunningJobs running,
    LeaseOwner owner,
    GenerationEventHub hub,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider,
    ILogger<BatchExecutor> logger) : IBatchExecutor
{
    public async Task<IReadOnlyList<BatchItem>> ExecuteAsync(Batch batch, CancellationToken cancellationToken)
    {
        var items = batch.Items.Select(i => i.Item).ToList();
        if (!pool.TryAcquire(out var lease))
        {
            // Capacity shrank between the batcher's decision and now (a host went away): try again later.
            return items;
        }

        using (lease)
        {
            var host = lease.Host;
            var jobs = await repository.ClaimByIdsAsync(items.Select(i => i.Id).ToList(), host.Url, owner.Id, options.Value.LeaseDuration, timeProvider.GetUtcNow(), cancellationToken);
            if (jobs.Count == 0)
            {
                // All taken by another replica, canceled or finished: nothing ran, so nothing to report.
                return [];
            }

            // The host's own limit wins over the batcher's; a larger batch runs as several calls on the same lease, and each adaptive set as one of its own.
            var maxBatch = Math.Max(1, host.Info?.MaxBatchSize ?? jobs.Count);
            var outcomes = await Task.WhenAll(HostRequest.Calls(jobs, maxBatch).Select(call => RunAsync(host, call, cancellationToken)));
            if (outcomes.Any(o => o.HostFailed))
            {
                lease.ReportFailure();
            }
            else if (outcomes.Any(o => o.HostBusy))
            {
                lease.ReportBusy();
            }
            else
            {
                lease.ReportSuccess();
            }

            var again = outcomes.SelectMany(o => o.Requeued).ToHashSet();
            return items.Where(i => again.Contains(i.Id)).ToList();
        }
    }

    public async Task OnTimedOutAsync(IReadOnlyList<QueuedItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            if (await repository.FailQueuedAsync(item.Id, "no inference host took the job before its queue timeout", timeProvider.GetUtcNow(), cancellationToken))
            {
                hub.Finish(item.Id);
            }
        }

        LogTimedOut(logger, items.Count);
    }

    private async Task<BatchOutcome> RunAsync(HostClient host, IReadOnlyList<GenerationRecord> jobs, CancellationToken stopping)
    {
        var batchId = Guid.NewGuid().ToString("N");
        using var abort = new CancellationTokenSource();
        running.Add(jobs, host, batchId, abort);
        try
        {
            return await runner.RunAsync(host, batchId, jobs, running.IsAbandoned, abort.Token, stopping);
        }
        finally
        {
            foreach (var job in jobs)
            {
                running.Remove(job);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} queued generations timed out in the batcher")]
    private static partial void LogTimedOut(ILogger logger, int count);
}
