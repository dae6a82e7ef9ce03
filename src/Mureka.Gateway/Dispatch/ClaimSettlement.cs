using Mureka.Contracts.Inference.V1;
using Mureka.Gateway.Data;

namespace Mureka.Gateway.Dispatch;

/// <summary>How an attempt's item ended for this replica.</summary>
public enum Settlement
{
    Completed,

    /// <summary>Back in the queue; it runs again (here or on another replica).</summary>
    Requeued,

    Failed,

    /// <summary>The row was no longer this claim's (canceled, failed by the sweep, taken over): its output was removed.</summary>
    Dropped,

    /// <summary>
    /// The database stayed unreachable while the lease lasted: nothing more can be decided here. The lease expires and
    /// any replica queues the job again; output whose fate is unknown is left for the orphan sweep.
    /// </summary>
    Released,
}

/// <summary>
/// Settles one attempt in PostgreSQL under its claim: completes it, queues it again (bounded attempts) or fails it
/// with a clear reason, and removes what the attempt wrote whenever that is not kept. Every exception on this path
/// is handled here. A database that is briefly unreachable is waited for while this replica still holds the lease
/// (see <see cref="LeaseKeeper.HoldFor"/>), so a render is not thrown away over a blip.
/// </summary>
public sealed partial class ClaimSettlement(
    GenerationRepository repository,
    RunningJobs running,
    LeaseKeeper leases,
    TimeProvider timeProvider,
    ILogger<ClaimSettlement> logger)
{
    /// <summary>Attempts a job gets when renders fail under it (a host that was never reached does not count: the job stays queued).</summary>
    public const int MaxAttempts = 3;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(2);

    public async Task<Settlement> CompleteAsync(AttemptOutput output, ItemResult result, CancellationToken abort)
    {
        var job = output.Job;
        var metadata = string.IsNullOrEmpty(result.MetadataJson) ? "{}" : result.MetadataJson;
        try
        {
            // Not cancelled midway: a commit that happened must never be followed by deleting its audio.
            var completed = await WhileHeldAsync(job.Id, _ => repository.CompleteAsync(job, result.RenderedMs, metadata, output.Committed, timeProvider.GetUtcNow(), CancellationToken.None), abort);
            if (completed)
            {
                Observability.GatewayTelemetry.RecordRendered(job.Model, job.Livemode, result.RenderedMs);
                return Settlement.Completed;
            }

            await DeleteQuietlyAsync(output);
            return Settlement.Dropped;
        }
        catch (Exception e) when (DatabaseFailures.IsUnavailable(e) || e is OperationCanceledException)
        {
            // Whether the commit happened is unknown: the audio stays for the orphan sweep, which removes it only without a row.
            LogReleased(logger, job.Id, e);
            return Settlement.Released;
        }
        catch (Exception e)
        {
            // The database refused the result itself (the transaction rolled back): try again, bounded by attempts.
            LogCompletionRefused(logger, job.Id, e);
            return await RequeueOrFailAsync(output, $"storing the result failed: {e.Message}", retry: true, abort);
        }
    }

    /// <summary>Removes the attempt's output, then queues the job again when <paramref name="retry"/> and attempts are left, or fails it with <paramref name="reason"/>.</summary>
    public async Task<Settlement> RequeueOrFailAsync(AttemptOutput output, string reason, bool retry, CancellationToken abort)
    {
        var job = output.Job;
        await DeleteQuietlyAsync(output);
        try
        {
            if (retry && job.Attempts < MaxAttempts)
            {
                return await RequeueAsync(job, refundAttempt: false, abort);
            }

            var message = retry ? $"{reason} (after {job.Attempts} attempts)" : reason;
            var failed = await WhileHeldAsync(job.Id, ct => repository.FailClaimedAsync(job, message, timeProvider.GetUtcNow(), ct), abort);
            return failed ? Settlement.Failed : Settlement.Dropped;
        }
        catch (Exception e)
        {
            LogReleased(logger, job.Id, e);
            return Settlement.Released;
        }
    }

    /// <summary>
    /// The host refused the call before rendering (it is full, e.g. busy with another replica's batches): the job goes
    /// back to the queue without spending an attempt, since nothing was tried.
    /// </summary>
    public async Task<Settlement> ReturnUnstartedAsync(AttemptOutput output, CancellationToken abort)
    {
        await DeleteQuietlyAsync(output);
        try
        {
            return await RequeueAsync(output.Job, refundAttempt: true, abort);
        }
        catch (Exception e)
        {
            LogReleased(logger, output.Job.Id, e);
            return Settlement.Released;
        }
    }

    /// <summary>The gateway is stopping: the job goes back to the queue without spending an attempt, within a few seconds: a stop must not hang.</summary>
    public async Task<Settlement> ReturnOnShutdownAsync(AttemptOutput output)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), timeProvider);
        return await ReturnUnstartedAsync(output, timeout.Token);
    }

    private async Task<Settlement> RequeueAsync(GenerationRecord job, bool refundAttempt, CancellationToken abort)
    {
        var requeued = await WhileHeldAsync(job.Id, ct => repository.RequeueAsync([job], refundAttempt, timeProvider.GetUtcNow(), ct), abort);
        return requeued.Count > 0 ? Settlement.Requeued : Settlement.Dropped;
    }

    private async Task<T> WhileHeldAsync<T>(Guid jobId, Func<CancellationToken, Task<T>> action, CancellationToken abort)
    {
        var delay = FirstRetry;
        while (true)
        {
            try
            {
                return await action(abort);
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e) && HeldFor(jobId) > delay && !abort.IsCancellationRequested)
            {
                await Task.Delay(delay, timeProvider, abort);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetry.Ticks));
            }
        }
    }

    /// <summary>How much longer this replica may act for the job before its lease may have passed to another claim.</summary>
    private TimeSpan HeldFor(Guid jobId)
    {
        var confirmedAt = running.ConfirmedAt(jobId);
        return confirmedAt == 0 ? TimeSpan.Zero : leases.HoldFor - timeProvider.GetElapsedTime(confirmedAt);
    }

    /// <summary>Removes what the attempt wrote; a store that fails here leaves it to the orphan sweep (no row refers to these keys).</summary>
    public async Task DeleteQuietlyAsync(AttemptOutput output)
    {
        try
        {
            await output.DeleteAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the orphan sweep: the row never refers to this attempt's keys.
            LogDeleteFailed(logger, output.Job.Id, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation {GenerationId}: the database stayed unreachable while the lease lasted; the job is left to lease expiry")]
    private static partial void LogReleased(ILogger logger, Guid generationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Generation {GenerationId}: the database refused its result")]
    private static partial void LogCompletionRefused(ILogger logger, Guid generationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation {GenerationId}: removing an attempt's audio failed; the orphan sweep will")]
    private static partial void LogDeleteFailed(ILogger logger, Guid generationId, Exception exception);
}
