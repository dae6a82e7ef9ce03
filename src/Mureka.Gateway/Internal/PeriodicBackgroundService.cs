using Mureka.Gateway.Data;

namespace Mureka.Gateway.Internal;

/// <summary>
/// A background job that runs at a fixed interval on the injected clock: a failed round is reported through
/// <see cref="OnFailedAsync"/> and the next round runs on schedule, so one bad tick never stops the job. A round
/// that failed because PostgreSQL is unreachable is reported to <see cref="DatabaseAvailability"/> instead of
/// logged again, so an outage is one warning, not one error per job per interval.
/// </summary>
public abstract class PeriodicBackgroundService(TimeProvider timeProvider, DatabaseAvailability database) : BackgroundService
{
    protected TimeProvider Time { get; } = timeProvider;

    protected abstract TimeSpan Interval { get; }

    /// <summary>Whether the first round runs at start (true) or after one interval.</summary>
    protected virtual bool RunAtStart => true;

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>A round failed; <paramref name="databaseDown"/> when the database was unreachable (already reported once).</summary>
    protected abstract Task OnFailedAsync(Exception exception, bool databaseDown, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        try
        {
            if (!RunAtStart && !await timer.WaitForNextTickAsync(stoppingToken))
            {
                return;
            }

            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    await OnFailedAsync(e, database.ReportFailure(e), stoppingToken);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
