using Microsoft.Extensions.Options;
using Mureka.Gateway.Data;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Internal;

namespace Mureka.Gateway.Dispatch;

/// <summary>Fails every job past its deadline, whatever state it was stuck in, so nothing waits forever.</summary>
public sealed partial class DeadlineSweeper(
    GenerationRepository repository,
    IGenerationDispatcher dispatcher,
    GenerationEventHub hub,
    IOptions<GatewayOptions> options,
    DatabaseAvailability database,
    TimeProvider timeProvider,
    ILogger<DeadlineSweeper> logger) : PeriodicBackgroundService(timeProvider, database)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var failed = await repository.FailExpiredAsync(Time.GetUtcNow(), cancellationToken);
        foreach (var id in failed)
        {
            // A job still on a host is stopped there too; its result would be discarded anyway.
            await dispatcher.CancelAsync(id, cancellationToken);
            hub.Finish(id);
        }

        if (failed.Count > 0)
        {
            LogExpired(logger, failed.Count);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed {Count} generations past their deadline")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deadline sweep failed")]
    private static partial void LogError(ILogger logger, Exception exception);
}
