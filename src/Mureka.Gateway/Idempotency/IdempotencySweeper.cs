using Microsoft.Extensions.Options;
using Mureka.Gateway.Data;

namespace Mureka.Gateway.Idempotency;

/// <summary>Deletes expired keys now and then; lookups already ignore them, so this only keeps the table small.</summary>
public sealed partial class IdempotencySweeper(
    IdempotencyRepository repository,
    IOptions<IdempotencyOptions> options,
    DatabaseAvailability database,
    TimeProvider timeProvider,
    ILogger<IdempotencySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var deleted = await repository.DeleteExpiredAsync(timeProvider.GetUtcNow(), stoppingToken);
                    if (deleted > 0)
                    {
                        LogDeleted(logger, deleted);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // An outage is logged once by DatabaseAvailability; the next sweep catches up.
                    if (!database.ReportFailure(e))
                    {
                        LogError(logger, e);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired idempotency keys")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Idempotency key sweep failed")]
    private static partial void LogError(ILogger logger, Exception exception);
}
