namespace Mureka.Billing.Outbox;

/// <summary>One meter event waiting for Stripe: the ledger row it bills and how often sending it failed.</summary>
public sealed record OutboxRow(long LedgerId, Guid TenantId, string Identifier, long ValueMs, DateTimeOffset EventAt, int Attempts);

/// <summary>Rows given up on in one pass (too old for Stripe).</summary>
public sealed record AbandonedSummary(int Rows, long ValueMs);
