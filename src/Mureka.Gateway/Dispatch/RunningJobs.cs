using System.Collections.Concurrent;
using Mureka.Contracts.Inference.V1;

namespace Mureka.Gateway.Dispatch;

/// <summary>Jobs this replica has on a host right now, so a cancel can reach the host and the runner can drop the output.</summary>
public sealed partial class RunningJobs(TimeProvider timeProvider, ILogger<RunningJobs> logger)
{
    private readonly ConcurrentDictionary<Guid, Entry> _jobs = new();

    public void Add(Guid id, HostClient host, string batchId) => _jobs[id] = new Entry(host, batchId);

    public void Remove(Guid id) => _jobs.TryRemove(id, out _);

    public bool IsCanceled(Guid id) => _jobs.TryGetValue(id, out var entry) && entry.Canceled;

    /// <summary>Best effort: the row already says canceled, so if the host cannot be told its output is simply discarded.</summary>
    public async Task CancelAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(id, out var entry))
        {
            return;
        }

        entry.Canceled = true;
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
    }

    private sealed class Entry(HostClient host, string batchId)
    {
        public HostClient Host { get; } = host;

        public string BatchId { get; } = batchId;

        public volatile bool Canceled;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CancelItem for {GenerationId} failed with {StatusCode}")]
    private static partial void LogCancelFailed(ILogger logger, Guid generationId, Grpc.Core.StatusCode statusCode);
}
