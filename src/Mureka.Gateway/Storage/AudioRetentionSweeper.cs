using Microsoft.Extensions.Options;
using Mureka.Gateway.Data;
using Mureka.Gateway.Internal;

namespace Mureka.Gateway.Storage;

/// <summary>
/// Deletes audio its tenant's plan no longer keeps (<c>plans.audio_retention_days</c>), oldest first and in pages,
/// so stored audio stays bounded by what plans promise. Downloads of such audio already answer 410 before this
/// runs; the sweep frees the space.
/// </summary>
public sealed partial class AudioRetentionSweeper(
    IAudioStore store,
    GenerationRepository repository,
    IOptions<GatewayOptions> options,
    DatabaseAvailability database,
    TimeProvider timeProvider,
    ILogger<AudioRetentionSweeper> logger) : PeriodicBackgroundService(timeProvider, database)
{
    private const int PageSize = 200;

    protected override TimeSpan Interval => options.Value.RetentionSweepInterval;

    // Replicas starting together (a rollout) would all sweep at once; the first interval spreads them.
    protected override bool RunAtStart => false;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        IReadOnlyList<string> page;
        do
        {
            page = await repository.TakeExpiredAudioAsync(Time.GetUtcNow(), PageSize, cancellationToken);
            foreach (var key in page)
            {
                await store.DeleteAsync(key, cancellationToken);
            }

            deleted += page.Count;
        }
        while (page.Count == PageSize);

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} audio objects past their plan's retention")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audio retention sweep failed; it runs again at the next interval (objects whose rows were removed are left to the orphan sweep)")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
