namespace Mureka.Gateway.Internal;

/// <summary>
/// A background job that runs at a fixed interval on the injected clock: a failed round is reported through
/// <see cref="OnFailedAsync"/> and the next round runs on schedule, so one bad tick never stops the job.
/// </summary>
public abstract class PeriodicBackgroundService(TimeProvider timeProvider) : BackgroundService
{
    protected TimeProvider Time { get; } = timeProvider;

    protected abstract TimeSpan Interval { get; }

    /// <summary>Whether the first round runs at start (true) or after one interval.</summary>
    protected virtual bool RunAtStart => true;

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected abstract Task OnFailedAsync(Exception exception, CancellationToken cancellationToken);

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
                    await OnFailedAsync(e, stoppingToken);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
