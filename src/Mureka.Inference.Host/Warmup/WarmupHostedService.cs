namespace Mureka.Inference.Host.Warmup;

/// <summary>Starts warm-up in the background at start, so Kestrel listens (and health answers NOT_SERVING) meanwhile.</summary>
public sealed class WarmupHostedService(WarmupService warmup, HostOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.WarmupOnStart)
        {
            return;
        }

        try
        {
            await warmup.WarmupAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down before warm-up finished: nothing to report.
        }
        catch (Exception)
        {
            // Already logged by WarmupService; the host stays NOT_SERVING and a Warmup call may retry.
        }
    }
}
