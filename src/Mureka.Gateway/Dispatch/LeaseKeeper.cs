using Microsoft.Extensions.Options;
using Mureka.Gateway.Data;
using Mureka.Gateway.Internal;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// Keeps alive the leases of the jobs this replica is running (<see cref="RunningJobs"/>, nothing else),
/// and queues again the running jobs whose lease expired because their replica died (the dispatcher's poll
/// then picks them up). Runs every third of <see cref="GatewayOptions.LeaseDuration"/>. Lease times are the
/// database's clock, so replicas with skewed clocks agree on when a lease ends. When renewal keeps failing
/// (the database is unreachable) for two thirds of a lease, the host calls of those jobs are stopped: their
/// leases are about to end and another claim will run them, so this replica must not keep writing for them.
/// </summary>
public sealed partial class LeaseKeeper(
    GenerationRepository repository,
    RunningJobs running,
    IOptions<GatewayOptions> options,
    DatabaseAvailability database,
    TimeProvider timeProvider,
    ILogger<LeaseKeeper> logger) : PeriodicBackgroundService(timeProvider, database)
{
    private bool _failing;

    /// <summary>How long after its last confirmation a lease is given up locally.</summary>
    public TimeSpan HoldFor => options.Value.LeaseDuration * 2 / 3;

    /// <summary>Renews, then takes over expired leases.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await RenewAsync(cancellationToken);
        var requeued = await repository.RequeueExpiredLeasesAsync(ClaimSettlement.MaxAttempts, Time.GetUtcNow(), cancellationToken);
        if (requeued > 0)
        {
            LogTakenOver(logger, requeued);
        }
    }

    protected override TimeSpan Interval => options.Value.LeaseDuration / 3;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await TickAsync(cancellationToken);
        if (_failing)
        {
            _failing = false;
            LogRecovered(logger);
        }
    }

    protected override Task OnFailedAsync(Exception exception, bool databaseDown, CancellationToken cancellationToken)
    {
        // One line per outage, not one per round (and none when the outage itself was already reported).
        if (!_failing && !databaseDown)
        {
            LogFailed(logger, exception);
        }

        _failing = true;

        var aborted = running.AbortUnconfirmed(Time.GetTimestamp() - (long)(HoldFor.TotalSeconds * Time.TimestampFrequency));
        if (aborted > 0)
        {
            LogAborted(logger, aborted);
        }

        return Task.CompletedTask;
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var claims = running.Claims();
        if (claims.Count == 0)
        {
            return;
        }

        var asked = Time.GetTimestamp();
        var renewed = await repository.RenewLeasesAsync(claims.Keys.ToList(), options.Value.LeaseDuration, cancellationToken);
        running.Confirmed(renewed.Select(c => claims[c]), asked);
        var lost = claims.Where(c => !renewed.Contains(c.Key)).Select(c => c.Value).ToList();
        if (lost.Count > 0)
        {
            await running.LostAsync(lost, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-queued {Count} running jobs whose lease expired")]
    private static partial void LogTakenOver(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease renewal failed; retrying every third of a lease")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease renewal works again")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped {Count} renders whose leases could not be renewed; they run again under a new claim")]
    private static partial void LogAborted(ILogger logger, int count);
}
