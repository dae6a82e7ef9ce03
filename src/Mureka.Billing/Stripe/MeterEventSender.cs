using Mureka.Billing.Outbox;
using Stripe;
using Stripe.Billing;

namespace Mureka.Billing.Stripe;

/// <summary>Sends one outbox row as a Stripe Billing meter event (<c>POST /v1/billing/meter_events</c>).</summary>
public sealed class MeterEventSender(IStripeClient client, StripeOptions options)
{
    private readonly MeterEventService _service = new(client);

    /// <summary>
    /// The identifier doubles as the idempotency key: a retry of a request whose answer was lost replays Stripe's
    /// first answer (within Stripe's 24 h key window), and the identifier dedupes the event itself after that.
    /// </summary>
    public Task SendAsync(OutboxRow row, string stripeCustomerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var create = new MeterEventCreateOptions
        {
            EventName = options.MeterEventName,
            Identifier = row.Identifier,
            Timestamp = row.EventAt.UtcDateTime,
            Payload = new Dictionary<string, string>
            {
                ["stripe_customer_id"] = stripeCustomerId,
                ["value"] = row.ValueMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        return _service.CreateAsync(create, new RequestOptions { IdempotencyKey = row.Identifier }, cancellationToken);
    }
}
