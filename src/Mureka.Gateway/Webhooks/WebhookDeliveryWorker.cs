using Microsoft.Extensions.Options;
using Mureka.Gateway.Data;

namespace Mureka.Gateway.Webhooks;

/// <summary>
/// Sends due deliveries: claims a batch (safe with any number of replicas), sends them concurrently,
/// logs each attempt and schedules the next with exponential backoff and jitter until
/// <see cref="WebhookOptions.MaxAttempts"/>. Delivery is at least once: receivers deduplicate on the event id.
/// </summary>
public sealed partial class WebhookDeliveryWorker(
    WebhookDeliveryRepository deliveries,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    DatabaseAvailability database,
    TimeProvider timeProvider,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    // Beyond the request timeout, time to render and record, before another replica may take the attempt over.
    private static readonly TimeSpan ClaimMargin = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.DeliveryEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(o.PollInterval, timeProvider);
        try
        {
            do
            {
                try
                {
                    // A full batch means more may be due: keep going without waiting for the next tick.
                    while (await RunOnceAsync(stoppingToken) >= o.BatchSize)
                    {
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // An outage is logged once by DatabaseAvailability, not at every poll.
                    if (!database.ReportFailure(e))
                    {
                        LogPollFailed(logger, e);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <returns>How many deliveries were claimed.</returns>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = timeProvider.GetUtcNow();
        var claimed = await deliveries.ClaimDueAsync(o.BatchSize, now, now + o.RequestTimeout + ClaimMargin, cancellationToken);
        await Task.WhenAll(claimed.Select(d => AttemptAsync(d, cancellationToken)));
        return claimed.Count;
    }

    private async Task AttemptAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            var attemptedAt = timeProvider.GetUtcNow();
            AttemptOutcome outcome;
            try
            {
                outcome = await sender.SendAsync(delivery, cancellationToken)
                    ?? new AttemptOutcome(null, TimeSpan.Zero, "the generation no longer exists");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Counted as an attempt, so an event that cannot be prepared stops after MaxAttempts instead of forever.
                LogAttemptError(logger, delivery.EventId, delivery.EndpointId, e);
                outcome = new AttemptOutcome(null, TimeSpan.Zero, "internal error while preparing the event");
            }

            var next = outcome.Delivered ? null : WebhookBackoff.NextAttemptAt(delivery.Attempt, timeProvider.GetUtcNow(), options.Value, Random.Shared.NextDouble());
            await deliveries.RecordAttemptAsync(delivery, outcome, attemptedAt, next, cancellationToken);
            if (!outcome.Delivered)
            {
                LogAttemptFailed(logger, delivery.EventId, delivery.EndpointId, delivery.Attempt, outcome.StatusCode, outcome.Error, next);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not recorded (the database is unreachable): the claim runs out and the attempt falls due again.
            LogRecordError(logger, delivery.EventId, delivery.EndpointId, e);
        }
    }

    // Endpoint ids only: URLs may carry tenant data in the path and secrets never appear in logs.
    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {EventId} to endpoint {EndpointId}, attempt {Attempt}: status {StatusCode}, {Error}; next attempt {NextAttemptAt}")]
    private static partial void LogAttemptFailed(ILogger logger, string eventId, Guid endpointId, int attempt, int? statusCode, string? error, DateTimeOffset? nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {EventId} to endpoint {EndpointId}: the event could not be prepared")]
    private static partial void LogAttemptError(ILogger logger, string eventId, Guid endpointId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {EventId} to endpoint {EndpointId}: the attempt could not be recorded")]
    private static partial void LogRecordError(ILogger logger, string eventId, Guid endpointId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery poll failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
