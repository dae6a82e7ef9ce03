using Microsoft.Extensions.Options;
using Mureka.Gateway.Data;
using Mureka.Gateway.Generations;

namespace Mureka.Gateway.Dispatch;

/// <summary>Fails every job past its deadline, whatever state it was stuck in, so nothing waits forever.</summary>
public sealed partial class DeadlineSweeper(
    GenerationRepository repository,
    IGenerationDispatcher dispatcher,
    GenerationEventHub hub,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider,
    ILogger<DeadlineSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, timeProvider);
        try
        {
            do
            {
                try
                {
                    var failed = await repository.FailExpiredAsync(timeProvider.GetUtcNow(), stoppingToken);
                    foreach (var id in failed)
                    {
                        // A job still on a host is stopped there too; its result would be discarded anyway.
                        await dispatcher.CancelAsync(id, stoppingToken);
                        hub.Finish(id);
                    }

                    if (failed.Count > 0)
                    {
                        LogExpired(logger, failed.Count);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogError(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed {Count} generations past their deadline")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deadline sweep failed")]
    private static partial void LogError(ILogger logger, Exception exception);
}
