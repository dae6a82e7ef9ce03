using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mureka.Billing.Outbox;
using Mureka.Billing.Stripe;
using Mureka.Testing.Stripe;

namespace Mureka.Billing.Tests.Support;

/// <summary>Builds outbox workers the way the gateway does, pointed at the fake, with test-sized delays.</summary>
public static class WorkerFactory
{
    public static BillingOptions Options(FakeStripe? stripe) => new()
    {
        Stripe = new StripeOptions
        {
            ApiKey = stripe is null ? null : "sk_test_billing_tests",
            ApiBase = stripe?.ApiBase,
            MeterEventName = "mureka_rendered_ms",
            RequestTimeout = TimeSpan.FromMilliseconds(500),
        },
        PollInterval = TimeSpan.FromMilliseconds(50),
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromMilliseconds(200),
        BatchSize = 5,
    };

    public static BillingOutboxWorker Create(BillingDatabase database, BillingOptions options, TimeProvider? time = null, ILogger<BillingOutboxWorker>? logger = null, BillingMetrics? metrics = null) =>
        new(new OutboxStore(database.DataSource), StripeClientFactory.Create(options.Stripe), options, metrics ?? new BillingMetrics(), time ?? TimeProvider.System,
            logger ?? NullLogger<BillingOutboxWorker>.Instance);
}
