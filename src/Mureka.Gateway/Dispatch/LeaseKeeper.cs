using Microsoft.Extensions.Options;
using Mureka.Gateway.Data;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// Keeps this replica's leases alive while its jobs run, and queues again the running jobs whose lease
/// expired because their replica died (the batching dispatcher's poll then picks them up). Runs every
/// third of <see cref="GatewayOptions.LeaseDuration"/>, so two missed renewals still leave the lease valid.
/// </summary>
public sealed partial class LeaseKeeper(
    GenerationRepository repository,
    LeaseOwner owner,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider,
    ILogger<LeaseKeeper> logger) : BackgroundService
{
    /// <summary>Renews, then takes over expired leases; also called once on start, before the first poll.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await repository.RenewLeasesAsync(owner.Id, now + options.Value.LeaseDuration, cancellationToken);
        var requeued = await repository.RequeueExpiredLeasesAsync(now, cancellationToken);
        if (requeued > 0)
        {
            LogTakenOver(logger, requeued);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseDuration / 3, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await TickAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-queued {Count} running jobs whose lease expired")]
    private static partial void LogTakenOver(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease renewal failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
