namespace Mureka.Billing.Reconciliation;

/// <summary>
/// One tenant's usage in a period: what the ledger says, what Stripe's meter reports, and where the outbox rows are.
/// <see cref="StripeMs"/> is null when the tenant has no Stripe customer.
/// </summary>
public sealed record ReconcileLine(
    Guid TenantId,
    string TenantName,
    string? StripeCustomerId,
    long LedgerMs,
    long? StripeMs,
    long SentMs,
    long PendingMs,
    long ExpiredMs,
    long RejectedMs)
{
    /// <summary>Ledger minus Stripe: positive means rendered but not (yet) billed.</summary>
    public long DifferenceMs => LedgerMs - (StripeMs ?? 0);

    public bool Differs => DifferenceMs != 0;
}
