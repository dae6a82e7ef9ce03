using Dapper;
using Npgsql;
using Stripe;
using Stripe.Billing;

namespace Mureka.Billing.Reconciliation;

/// <summary>
/// Compares the usage ledger with Stripe's meter event summaries per tenant for a period. Stripe aggregates by the
/// event timestamp in whole seconds, so the ledger side truncates <c>recorded_at</c> to the second the same way.
/// </summary>
public sealed class BillingReconciler(NpgsqlDataSource dataSource, IStripeClient stripe, string meterId)
{
    private readonly MeterEventSummaryService _summaries = new(stripe);

    /// <param name="from">Inclusive; Stripe wants minute boundaries.</param>
    /// <param name="to">Exclusive; Stripe wants minute boundaries.</param>
    public async Task<IReadOnlyList<ReconcileLine>> ReconcileAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (from.Ticks % TimeSpan.TicksPerMinute != 0 || to.Ticks % TimeSpan.TicksPerMinute != 0 || to <= from)
        {
            throw new ArgumentException("the period must start before it ends, both on whole minutes");
        }

        var lines = new List<ReconcileLine>();
        foreach (var tenant in await LedgerAsync(from, to, cancellationToken))
        {
            long? stripeMs = null;
            if (tenant.StripeCustomerId is { Length: > 0 } customerId)
            {
                stripeMs = 0;
                var options = new MeterEventSummaryListOptions { Customer = customerId, StartTime = from.UtcDateTime, EndTime = to.UtcDateTime };
                await foreach (var summary in _summaries.ListAutoPagingAsync(meterId, options, cancellationToken: cancellationToken))
                {
                    stripeMs += (long)Math.Round(summary.AggregatedValue);
                }
            }

            lines.Add(new ReconcileLine(tenant.TenantId, tenant.TenantName, tenant.StripeCustomerId, tenant.LedgerMs, stripeMs, tenant.SentMs, tenant.PendingMs, tenant.ExpiredMs, tenant.RejectedMs));
        }

        return lines;
    }

    private async Task<IReadOnlyList<LedgerRow>> LedgerAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LedgerRow>(new CommandDefinition(
            """
            select t.id as TenantId, t.name as TenantName, t.stripe_customer_id as StripeCustomerId,
                   coalesce(sum(l.rendered_ms), 0)::bigint as LedgerMs,
                   coalesce(sum(l.rendered_ms) filter (where o.sent_at is not null), 0)::bigint as SentMs,
                   coalesce(sum(l.rendered_ms) filter (where o.sent_at is null and o.abandoned_at is null), 0)::bigint as PendingMs,
                   coalesce(sum(l.rendered_ms) filter (where o.abandon_reason = 'expired'), 0)::bigint as ExpiredMs,
                   coalesce(sum(l.rendered_ms) filter (where o.abandon_reason = 'rejected'), 0)::bigint as RejectedMs
            from tenants t
            -- Test usage (livemode false) is never sent to Stripe, so it is not compared with Stripe either.
            join usage_ledger l on l.tenant_id = t.id and l.livemode
                and date_trunc('second', l.recorded_at) >= @from and date_trunc('second', l.recorded_at) < @to
            left join billing_outbox o on o.ledger_id = l.id
            group by t.id, t.name, t.stripe_customer_id
            union all
            -- Customers billed in the period with nothing in the ledger still have to be asked: Stripe might disagree.
            select t.id, t.name, t.stripe_customer_id, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint from tenants t
            where t.stripe_customer_id is not null and not exists (
                select 1 from usage_ledger l where l.tenant_id = t.id and l.livemode
                and date_trunc('second', l.recorded_at) >= @from and date_trunc('second', l.recorded_at) < @to)
            order by 2, 1
            """, new { from, to }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    private sealed class LedgerRow
    {
        public Guid TenantId { get; init; }

        public string TenantName { get; init; } = "";

        public string? StripeCustomerId { get; init; }

        public long LedgerMs { get; init; }

        public long SentMs { get; init; }

        public long PendingMs { get; init; }

        public long ExpiredMs { get; init; }

        public long RejectedMs { get; init; }
    }
}
