using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Mureka.Billing;
using Mureka.Billing.Outbox;
using Mureka.Billing.Stripe;
using Mureka.Billing.Webhooks;
using Npgsql;

namespace Mureka.Gateway.Billing;

public static class BillingExtensions
{
    /// <summary>
    /// The billing outbox worker and the Stripe webhook handler, configured from <c>Billing</c> (secrets also from
    /// <c>STRIPE_API_KEY</c>, <c>STRIPE_WEBHOOK_SECRET</c> and <c>STRIPE_METER_ID</c>). Without a key the worker runs
    /// ledger-only and says so once.
    /// </summary>
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BillingOptions>()
            .Bind(configuration.GetSection(BillingOptions.SectionName))
            .PostConfigure(o =>
            {
                o.Stripe.ApiKey = NonEmpty(o.Stripe.ApiKey) ?? NonEmpty(configuration["STRIPE_API_KEY"]);
                o.Stripe.WebhookSecret = NonEmpty(o.Stripe.WebhookSecret) ?? NonEmpty(configuration["STRIPE_WEBHOOK_SECRET"]);
                o.Stripe.MeterId = NonEmpty(o.Stripe.MeterId) ?? NonEmpty(configuration["STRIPE_METER_ID"]);
            })
            .Validate(
                o => o.PollInterval > TimeSpan.Zero && o.BatchSize > 0 && o.MaxConcurrentCustomers > 0 && o.RetryBaseDelay > TimeSpan.Zero
                    && o.RetryMaxDelay >= o.RetryBaseDelay && o.MaxEventAge > TimeSpan.Zero && o.Stripe.RequestTimeout > TimeSpan.Zero
                    && !string.IsNullOrWhiteSpace(o.Stripe.MeterEventName) && !string.IsNullOrWhiteSpace(o.Stripe.FallbackPlan),
                "Billing settings out of range: intervals, BatchSize and MaxConcurrentCustomers must be positive, RetryMaxDelay ≥ RetryBaseDelay, MeterEventName and FallbackPlan set.")
            .ValidateOnStart();
        services.AddSingleton(sp => new BillingMetrics(sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp => new OutboxStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BillingOptions>>().Value;
            return new BillingOutboxWorker(
                sp.GetRequiredService<OutboxStore>(), StripeClientFactory.Create(options.Stripe), options, sp.GetRequiredService<BillingMetrics>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BillingOutboxWorker>>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<BillingOutboxWorker>());
        services.AddSingleton(sp => new StripeWebhookHandler(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<BillingOptions>>().Value.Stripe,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<StripeWebhookHandler>>()));
        return services;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
