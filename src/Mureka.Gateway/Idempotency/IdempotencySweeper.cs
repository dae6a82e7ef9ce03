using Microsoft.Extensions.Options;
using Mureka.Gateway.Data;
using Mureka.Gateway.Internal;

namespace Mureka.Gateway.Idempotency;

/// <summary>Deletes expired keys now and then; lookups already ignore them, so this only keeps the table small.</summary>
public sealed partial class IdempotencySweeper(
    IdempotencyRepository repository,
    IOptions<IdempotencyOptions> options,
    DatabaseAvailability database,
    TimeProvider timeProvider,
    ILogger<IdempotencySweeper> logger) : PeriodicBackgroundService(timeProvider, database)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override bool RunAtStart => false;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var deleted = await repository.DeleteExpiredAsync(Time.GetUtcNow(), cancellationToken);
        if (deleted > 0)
        {
            LogDeleted(logger, deleted);
        }
    }

    protected override Task OnFailedAsync(Exception exception, bool databaseDown, CancellationToken cancellationToken)
    {
        if (!databaseDown)
        {
            LogError(logger, exception);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired idempotency keys")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Idempotency key sweep failed")]
    private static partial void LogError(ILogger logger, Exception exception);
}
