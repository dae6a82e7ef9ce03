using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mureka.Billing.Customers;
using Mureka.Billing.Stripe;
using Npgsql;
using Stripe;

namespace Mureka.Billing.Outbox;

/// <summary>
/// Drains <c>billing_outbox</c> into Stripe meter events. Each pass: give up on rows too old for Stripe, then serve
/// the due customers, several at a time but each under its own advisory lock, so one customer never has two
/// requests in flight, whichever replica sends. A failure defers the customer's rows with backoff; nothing is
/// deleted, so an outage only delays billing. Without a Stripe key it runs ledger-only: the outbox keeps filling,
/// and enabling Stripe later bills the backlog (rows past Stripe's 35-day window are marked expired).
/// </summary>
public sealed partial class BillingOutboxWorker(
    OutboxStore store,
    IStripeClient? stripe,
    BillingOptions options,
    BillingMetrics metrics,
    TimeProvider timeProvider,
    ILogger<BillingOutboxWorker> logger) : BackgroundService
{
    private readonly RetryPolicy _retry = new(options.RetryBaseDelay, options.RetryMaxDelay);
    private readonly MeterEventSender? _sender = stripe is null ? null : new MeterEventSender(stripe, options.Stripe);
    private readonly StripeCustomerProvisioner? _customers = stripe is null ? null : new StripeCustomerProvisioner(store.DataSource, stripe);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (stripe is null)
        {
            LogLedgerOnly(logger);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Whatever went wrong (database away, an unexpected answer), the rows stay pending: log and try again, never stop the gateway.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogPassFailed(logger, e);
            }

            try
            {
                await Task.Delay(options.PollInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One pass over the outbox; tests drive it directly.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var expired = await store.AbandonExpiredAsync(now - options.MaxEventAge, now, cancellationToken);
        if (expired.Rows > 0)
        {
            metrics.RecordAbandoned("expired", expired.Rows);
            LogExpired(logger, expired.Rows, expired.ValueMs, options.MaxEventAge);
        }

        if (_sender is not null && _customers is not null)
        {
            var tenants = await store.DueTenantsAsync(now, limit: 1000, cancellationToken);
            await Parallel.ForEachAsync(
                tenants,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrentCustomers), CancellationToken = cancellationToken },
                (tenantId, ct) => new ValueTask(SendTenantAsync(tenantId, _sender, _customers, ct)));
        }

        metrics.SetBacklog(await store.CountPendingAsync(cancellationToken));
    }

    private async Task SendTenantAsync(Guid tenantId, MeterEventSender sender, StripeCustomerProvisioner customers, CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        if (!await OutboxStore.TryLockTenantAsync(connection, tenantId, cancellationToken))
        {
            return; // another replica is sending this customer's events
        }

        try
        {
            var rows = await OutboxStore.DueRowsAsync(connection, tenantId, timeProvider.GetUtcNow(), options.BatchSize, cancellationToken);
            if (rows.Count == 0)
            {
                return;
            }

            string? customerId;
            try
            {
                customerId = await customers.EnsureAsync(tenantId, cancellationToken);
            }
            catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Never abandons a row: without a customer nothing was sent, whatever Stripe said.
                await FailAsync(connection, tenantId, rows[0], e, mayAbandon: false);
                return;
            }

            if (customerId is null)
            {
                return; // the foreign key makes this impossible; nothing to bill to
            }

            foreach (var row in rows)
            {
                // A send already started is not cut short by shutdown: its outcome would be unknown, and the row
                // would be sent again by the next gateway. HttpClient's timeout still bounds it.
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await sender.SendAsync(row, customerId, CancellationToken.None);
                }
                catch (Exception e) when (e is StripeException or HttpRequestException or TaskCanceledException)
                {
                    if (await FailAsync(connection, tenantId, row, e, mayAbandon: true))
                    {
                        return; // Stripe is unwell for this customer; the rest waits for the backoff
                    }

                    continue;
                }

                await OutboxStore.MarkSentAsync(connection, row, timeProvider.GetUtcNow());
                metrics.RecordSent();
            }
        }
        finally
        {
            await OutboxStore.UnlockTenantAsync(connection, tenantId);
        }
    }

    /// <returns>True when the failure was transient (the customer's rows are deferred).</returns>
    private async Task<bool> FailAsync(NpgsqlConnection connection, Guid tenantId, OutboxRow row, Exception e, bool mayAbandon)
    {
        var error = StripeFailure.Describe(e);
        if (mayAbandon && StripeFailure.Classify(e) == FailureKind.Permanent)
        {
            metrics.RecordFailure("rejected");
            metrics.RecordAbandoned("rejected", 1);
            LogRejected(logger, row.Identifier, tenantId, error);
            await OutboxStore.AbandonRejectedAsync(connection, row, error, timeProvider.GetUtcNow());
            return false;
        }

        metrics.RecordFailure("retry");
        var delay = _retry.DelayAfter(row.Attempts + 1);
        LogRetry(logger, row.Identifier, tenantId, row.Attempts + 1, delay, error);
        await OutboxStore.DeferTenantAsync(connection, tenantId, row, error, timeProvider.GetUtcNow() + delay);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "billing: no Stripe key, ledger-only (usage is recorded and queued in the outbox; set Billing:Stripe:ApiKey or STRIPE_API_KEY to bill it)")]
    private static partial void LogLedgerOnly(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "billing: {Rows} meter events ({ValueMs} ms) are older than {MaxAge} and can no longer be sent to Stripe; marked expired, see `mureka admin billing reconcile`")]
    private static partial void LogExpired(ILogger logger, int rows, long valueMs, TimeSpan maxAge);

    [LoggerMessage(Level = LogLevel.Error, Message = "billing: Stripe rejected meter event {Identifier} of tenant {TenantId}; marked rejected: {Error}")]
    private static partial void LogRejected(ILogger logger, string identifier, Guid tenantId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "billing: sending {Identifier} of tenant {TenantId} failed (attempt {Attempt}), retrying in {Delay}: {Error}")]
    private static partial void LogRetry(ILogger logger, string identifier, Guid tenantId, int attempt, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "billing: outbox pass failed; the rows stay pending and the next pass retries")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
