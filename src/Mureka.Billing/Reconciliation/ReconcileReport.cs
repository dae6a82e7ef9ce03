using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mureka.Billing.Reconciliation;

/// <summary>Prints reconciliation lines as a table of differences or as JSON (all lines, for scripts).</summary>
public static class ReconcileReport
{
    public static string Table(IReadOnlyList<ReconcileLine> lines, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder();
        var differing = lines.Where(l => l.Differs).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"period {from:u} – {to:u}: {lines.Count} tenants, {differing.Count} differ; ledger {lines.Sum(l => l.LedgerMs)} ms, stripe {lines.Sum(l => l.StripeMs ?? 0)} ms");
        if (differing.Count == 0)
        {
            return text.ToString();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{"tenant",-36}  {"customer",-20}  {"ledger_ms",12}  {"stripe_ms",12}  {"diff_ms",12}  {"pending_ms",10}  {"expired_ms",10}  {"rejected_ms",11}");
        foreach (var l in differing)
        {
            var stripe = l.StripeMs is { } s ? s.ToString(CultureInfo.InvariantCulture) : "no customer";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{l.TenantId,-36}  {l.StripeCustomerId ?? "-",-20}  {l.LedgerMs,12}  {stripe,12}  {l.DifferenceMs,12}  {l.PendingMs,10}  {l.ExpiredMs,10}  {l.RejectedMs,11}");
        }

        text.AppendLine("pending rows are still on their way (or Stripe's summaries lag by a few minutes); expired and rejected rows will not reach Stripe.");
        return text.ToString();
    }

    public static string Json(IReadOnlyList<ReconcileLine> lines, DateTimeOffset from, DateTimeOffset to) =>
        JsonSerializer.Serialize(new
        {
            from,
            to,
            differences = lines.Count(l => l.Differs),
            tenants = lines.Select(l => new
            {
                tenantId = l.TenantId,
                tenantName = l.TenantName,
                stripeCustomerId = l.StripeCustomerId,
                ledgerMs = l.LedgerMs,
                stripeMs = l.StripeMs,
                differenceMs = l.DifferenceMs,
                sentMs = l.SentMs,
                pendingMs = l.PendingMs,
                expiredMs = l.ExpiredMs,
                rejectedMs = l.RejectedMs,
            }),
        }, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
