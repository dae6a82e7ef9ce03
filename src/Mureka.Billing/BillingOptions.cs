namespace Mureka.Billing;

/// <summary>Everything under the <c>Billing</c> configuration section.</summary>
public sealed class BillingOptions
{
    public const string SectionName = "Billing";

    public StripeOptions Stripe { get; set; } = new();

    /// <summary>How often the worker looks for due outbox rows.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Rows sent for one customer per pass before the worker moves on (fairness between customers).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Customers served at once; each has at most one request in flight.</summary>
    public int MaxConcurrentCustomers { get; set; } = 4;

    /// <summary>First retry delay after a failure; doubles per attempt up to <see cref="RetryMaxDelay"/>, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Oldest event Stripe is asked to take. Stripe refuses events older than 35 days; the margin keeps a row that
    /// is sent near the limit from being refused in flight.
    /// </summary>
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(35) - TimeSpan.FromHours(1);
}

/// <summary><c>Billing:Stripe</c>. Keys come from configuration or the environment, never from the repository.</summary>
public sealed class StripeOptions
{
    /// <summary>Secret key (<c>sk_…</c> or restricted <c>rk_…</c>); also read from <c>STRIPE_API_KEY</c>. Empty: ledger-only.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Where the Stripe API is; tests point it at a loopback fake.</summary>
    public string? ApiBase { get; set; }

    /// <summary>The meter's <c>event_name</c>; its value is rendered milliseconds.</summary>
    public string MeterEventName { get; set; } = "mureka_rendered_ms";

    /// <summary>The meter id (<c>mtr_…</c>), for event summaries in reconciliation; also <c>STRIPE_METER_ID</c>.</summary>
    public string? MeterId { get; set; }

    /// <summary>Signing secret of the webhook endpoint (<c>whsec_…</c>); also <c>STRIPE_WEBHOOK_SECRET</c>. Empty: webhooks refused.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How old a webhook signature may be.</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one Stripe request; a timed-out request is retried with the same idempotency key.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Stripe price <c>lookup_key</c> → plan id. A price's <c>metadata[mureka_plan]</c> wins over this map, so a
    /// new price can be mapped in Stripe alone.
    /// </summary>
    public IDictionary<string, string> PlanPrices { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The plan a tenant falls back to when its subscription ends.</summary>
    public string FallbackPlan { get; set; } = "free";

    public bool Enabled => !string.IsNullOrWhiteSpace(ApiKey);
}
