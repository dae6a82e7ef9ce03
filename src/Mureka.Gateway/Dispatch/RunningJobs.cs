using System.Collections.Concurrent;
using Mureka.Contracts.Inference.V1;
using Mureka.Gateway.Data;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// The claims this replica holds right now: which job runs on which host in which batch, when its lease was
/// last confirmed, and whether its output is still wanted. <see cref="LeaseKeeper"/> renews exactly these
/// leases (never a row nobody here works on); a cancel reaches the host through them; the runner drops the
/// output of an item that was canceled or whose lease was lost.
/// </summary>
public sealed partial class RunningJobs(TimeProvider timeProvider, ILogger<RunningJobs> logger)
{
    private readonly ConcurrentDictionary<Guid, Entry> _jobs = new();

    public int Count => _jobs.Count;

    /// <summary>Registers the claimed jobs of one host call; <paramref name="abort"/> stops that call when its leases can no longer be kept.</summary>
    public void Add(IEnumerable<GenerationRecord> jobs, HostClient host, string batchId, CancellationTokenSource abort)
    {
        var now = timeProvider.GetTimestamp();
        foreach (var job in jobs)
        {
            _jobs[job.Id] = new Entry(job.ClaimId ?? throw new ArgumentException("a running job has a claim", nameof(jobs)), host, batchId, abort, now);
        }
    }

    /// <summary>Forgets the job's entry, only while it is still this claim's (a newer claim of the same job keeps its own).</summary>
    public void Remove(GenerationRecord job)
    {
        if (_jobs.TryGetValue(job.Id, out var entry) && entry.ClaimId == job.ClaimId)
        {
            _jobs.TryRemove(new KeyValuePair<Guid, Entry>(job.Id, entry));
        }
    }

    /// <summary>True when the item's output must not be kept: the caller canceled it, or its lease is no longer this replica's.</summary>
    public bool IsAbandoned(Guid id) => _jobs.TryGetValue(id, out var entry) && entry.Abandoned;

    /// <summary>When the item's lease was last confirmed by the database (or claimed), on the monotonic clock.</summary>
    public long ConfirmedAt(Guid id) => _jobs.TryGetValue(id, out var entry) ? Volatile.Read(ref entry.ConfirmedAt) : 0;

    /// <summary>The held claims as (claim, job) pairs, for renewal.</summary>
    public IReadOnlyDictionary<Guid, Guid> Claims() => _jobs.ToDictionary(p => p.Value.ClaimId, p => p.Key);

    /// <summary>The database renewed these claims.</summary>
    public void Confirmed(IEnumerable<Guid> jobIds, long timestamp)
    {
        foreach (var id in jobIds)
        {
            if (_jobs.TryGetValue(id, out var entry))
            {
                Volatile.Write(ref entry.ConfirmedAt, timestamp);
            }
        }
    }

    /// <summary>
    /// The rows no longer run under these claims (canceled, failed by the deadline sweep, or taken over after the
    /// lease expired): their output is dropped and the host is asked to stop them.
    /// </summary>
    public async Task LostAsync(IEnumerable<Guid> jobIds, CancellationToken cancellationToken)
    {
        foreach (var id in jobIds)
        {
            await CancelAsync(id, cancellationToken);
        }
    }

    /// <summary>Stops the host calls of every job whose lease was last confirmed before <paramref name="confirmedBefore"/>.</summary>
    /// <returns>How many jobs were affected.</returns>
    public int AbortUnconfirmed(long confirmedBefore)
    {
        var stale = _jobs.Values.Where(e => Volatile.Read(ref e.ConfirmedAt) < confirmedBefore).ToList();
        foreach (var entry in stale)
        {
            entry.Abandoned = true;
            try
            {
                entry.Abort.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The call ended between the snapshot and now.
            }
        }

        return stale.Count;
    }

    /// <summary>Best effort: the row already says why, so if the host cannot be told its output is simply discarded.</summary>
    public async Task CancelAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(id, out var entry))
        {
            return;
        }

        entry.Abandoned = true;
        try
        {
            await entry.Host.Inference.CancelItemAsync(
                new CancelItemRequest { BatchId = entry.BatchId, ItemId = id.ToString() },
                deadline: timeProvider.GetUtcNow().UtcDateTime.AddSeconds(5), cancellationToken: cancellationToken);
        }
        catch (Grpc.Core.RpcException e)
        {
            LogCancelFailed(logger, id, e.StatusCode);
        }
        catch (ObjectDisposedException)
        {
            // The host left the pool and its channel is gone: nothing runs there to stop.
        }
    }

    private sealed class Entry(Guid claimId, HostClient host, string batchId, CancellationTokenSource abort, long confirmedAt)
    {
        public Guid ClaimId { get; } = claimId;

        public HostClient Host { get; } = host;

        public string BatchId { get; } = batchId;

        public CancellationTokenSource Abort { get; } = abort;

        public long ConfirmedAt = confirmedAt;

        public volatile bool Abandoned;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CancelItem for {GenerationId} failed with {StatusCode}")]
    private static partial void LogCancelFailed(ILogger logger, Guid generationId, Grpc.Core.StatusCode statusCode);
}
