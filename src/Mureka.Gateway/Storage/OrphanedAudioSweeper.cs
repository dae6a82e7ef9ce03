using Microsoft.Extensions.Options;
using Mureka.Gateway.Data;
using Mureka.Gateway.Internal;

namespace Mureka.Gateway.Storage;

/// <summary>
/// Removes stored audio that no generation row refers to: what a runner wrote before a crash, an outage or a
/// lost lease kept it from cleaning up. Only objects older than <see cref="GatewayOptions.OrphanGrace"/> are
/// looked at, longer than any render may take to go from its first byte to its committed row, so an attempt
/// still running on any replica is never touched.
/// </summary>
public sealed partial class OrphanedAudioSweeper(
    IAudioStore store,
    GenerationRepository repository,
    IOptions<GatewayOptions> options,
    DatabaseAvailability database,
    TimeProvider timeProvider,
    ILogger<OrphanedAudioSweeper> logger) : PeriodicBackgroundService(timeProvider, database)
{
    private const int PageSize = 500;

    protected override TimeSpan Interval => options.Value.OrphanSweepInterval;

    protected override bool RunAtStart => false;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.OrphanGrace < o.HostCallDeadline)
        {
            // Not fatal (the attempt would fail its output check and run again), but it wastes renders.
            LogGraceTooShort(logger, o.OrphanGrace, o.HostCallDeadline);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var page = new List<string>(PageSize);
        var deleted = 0;
        await foreach (var key in store.ListOlderThanAsync(Time.GetUtcNow() - options.Value.OrphanGrace, cancellationToken))
        {
            page.Add(key);
            if (page.Count == PageSize)
            {
                deleted += await DeleteUnreferencedAsync(page, cancellationToken);
                page.Clear();
            }
        }

        deleted += await DeleteUnreferencedAsync(page, cancellationToken);
        if (deleted > 0)
        {
            LogDeleted(logger, deleted);
        }
    }

    protected override Task OnFailedAsync(Exception exception, bool databaseDown, CancellationToken cancellationToken)
    {
        if (!databaseDown)
        {
            LogFailed(logger, exception);
        }

        return Task.CompletedTask;
    }

    private async Task<int> DeleteUnreferencedAsync(List<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return 0;
        }

        var referenced = await repository.FindStoredKeysAsync(keys, cancellationToken);
        var deleted = 0;
        foreach (var key in keys.Where(k => !referenced.Contains(k)))
        {
            await store.DeleteAsync(key, cancellationToken);
            deleted++;
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} stored audio objects that no generation refers to")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway:OrphanGrace ({Grace}) is shorter than Gateway:HostCallDeadline ({Deadline}): the sweep may remove the files of a render that is still running")]
    private static partial void LogGraceTooShort(ILogger logger, TimeSpan grace, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Orphaned audio sweep failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
