using Microsoft.Extensions.Logging;
using Npgsql;
using Stripe;

namespace Mureka.Billing.Webhooks;

/// <summary>
/// Verifies a Stripe webhook and applies it: subscription created/updated → the plan its price maps to;
/// subscription deleted → the fallback plan (the customer keeps a free account rather than losing access:
/// unpaid money is handled by the invoice events, not by cancellation); <c>invoice.payment_failed</c> → suspend
/// (keys stop working at once through NOTIFY); <c>invoice.paid</c> → lift that suspension. The event id is recorded
/// in the same transaction as the change, so a redelivery changes nothing and a failure changes nothing either
/// (Stripe delivers again).
/// </summary>
public sealed partial class StripeWebhookHandler(NpgsqlDataSource dataSource, StripeOptions options, TimeProvider timeProvider, ILogger<StripeWebhookHandler> logger)
{
    public async Task<WebhookOutcome> HandleAsync(string payload, string? signatureHeader, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.WebhookSecret))
        {
            return WebhookOutcome.NotConfigured;
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(
                payload, signatureHeader ?? "", options.WebhookSecret, (long)options.WebhookTolerance.TotalSeconds,
                timeProvider.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            LogInvalidSignature(logger, e.Message);
            return WebhookOutcome.InvalidSignature;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await TenantBillingStore.RecordEventAsync(connection, transaction, stripeEvent.Id, stripeEvent.Type, timeProvider.GetUtcNow(), cancellationToken))
        {
            return WebhookOutcome.Ignored;
        }

        var applied = await ApplyAsync(connection, transaction, stripeEvent, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return applied ? WebhookOutcome.Applied : WebhookOutcome.Ignored;
    }

    private async Task<bool> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Event stripeEvent, CancellationToken cancellationToken)
    {
        var eventAt = new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc));
        var customerId = stripeEvent.Data.Object switch
        {
            Subscription s => s.CustomerId,
            Invoice i => i.CustomerId,
            _ => null,
        };
        if (customerId is null)
        {
            return false; // a type this gateway does not react to
        }

        if (await TenantBillingStore.FindTenantAsync(connection, transaction, customerId, cancellationToken) is not { } tenantId)
        {
            LogUnknownCustomer(logger, stripeEvent.Id, customerId);
            return false;
        }

        switch (stripeEvent.Type)
        {
            case EventTypes.CustomerSubscriptionCreated or EventTypes.CustomerSubscriptionUpdated when stripeEvent.Data.Object is Subscription subscription:
                var plan = PlanFor(subscription);
                if (plan is null || !await TenantBillingStore.PlanExistsAsync(connection, transaction, plan, cancellationToken))
                {
                    LogUnmappedPrice(logger, stripeEvent.Id, plan);
                    return false;
                }

                return await TenantBillingStore.SetPlanAsync(connection, transaction, tenantId, plan, eventAt, cancellationToken);
            case EventTypes.CustomerSubscriptionDeleted:
                return await TenantBillingStore.SetPlanAsync(connection, transaction, tenantId, options.FallbackPlan, eventAt, cancellationToken);
            case EventTypes.InvoicePaymentFailed:
                LogSuspending(logger, tenantId, stripeEvent.Id);
                return await TenantBillingStore.SuspendForPaymentAsync(connection, transaction, tenantId, eventAt, timeProvider.GetUtcNow(), cancellationToken);
            case EventTypes.InvoicePaid:
                return await TenantBillingStore.LiftPaymentSuspensionAsync(connection, transaction, tenantId, eventAt, cancellationToken);
            default:
                return false;
        }
    }

    /// <summary>
    /// Active, trialing and past-due subscriptions give their price's plan (past due is still paying: the invoice
    /// events decide suspension); incomplete, paused, unpaid and canceled ones give the fallback plan.
    /// </summary>
    private string? PlanFor(Subscription subscription)
    {
        if (subscription.Status is not ("active" or "trialing" or "past_due"))
        {
            return options.FallbackPlan;
        }

        foreach (var item in subscription.Items?.Data ?? [])
        {
            if (item.Price?.Metadata is { } metadata && metadata.TryGetValue("mureka_plan", out var fromMetadata) && !string.IsNullOrWhiteSpace(fromMetadata))
            {
                return fromMetadata;
            }

            if (item.Price?.LookupKey is { } lookupKey && options.PlanPrices.TryGetValue(lookupKey, out var fromLookup))
            {
                return fromLookup;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "billing: Stripe webhook refused: {Reason}")]
    private static partial void LogInvalidSignature(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "billing: Stripe event {EventId} is for customer {CustomerId}, which belongs to no tenant; ignored")]
    private static partial void LogUnknownCustomer(ILogger logger, string eventId, string customerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "billing: Stripe event {EventId} has no price mapped to a plan (got '{Plan}'); plan unchanged")]
    private static partial void LogUnmappedPrice(ILogger logger, string eventId, string? plan);

    [LoggerMessage(Level = LogLevel.Warning, Message = "billing: payment failed for tenant {TenantId} (event {EventId}); suspending")]
    private static partial void LogSuspending(ILogger logger, Guid tenantId, string eventId);
}
