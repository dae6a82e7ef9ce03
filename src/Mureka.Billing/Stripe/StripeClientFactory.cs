using Stripe;

namespace Mureka.Billing.Stripe;

/// <summary>The one place a <see cref="StripeClient"/> is built, so the gateway, the CLI and the tests talk to Stripe alike.</summary>
public static class StripeClientFactory
{
    /// <returns>Null when no API key is configured (ledger-only).</returns>
    public static IStripeClient? Create(StripeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return null;
        }

        // Stripe.net's own retries are off: the outbox owns retries (with backoff that survives restarts), and
        // each retry reuses the row's idempotency key, so a request whose answer was lost is never billed twice.
#pragma warning disable CA2000 // The client lives as long as the StripeClient that owns it (process lifetime).
        var http = new HttpClient { Timeout = options.RequestTimeout };
#pragma warning restore CA2000
        return new StripeClient(
            options.ApiKey,
            httpClient: new SystemNetHttpClient(http, maxNetworkRetries: 0),
            apiBase: string.IsNullOrWhiteSpace(options.ApiBase) ? null : options.ApiBase.TrimEnd('/'));
    }
}
