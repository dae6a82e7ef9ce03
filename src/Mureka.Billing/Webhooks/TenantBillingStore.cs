using Dapper;
using Mureka.Accounts;
using Npgsql;

namespace Mureka.Billing.Webhooks;

/// <summary>
/// The tenant changes a webhook makes, each in the caller's transaction together with the event's dedupe row and
/// a NOTIFY, so gateways drop cached keys (which carry plan and suspension) as soon as it commits.
/// Each change applies only if the event is not older than the last one applied of its kind.
/// </summary>
internal static class TenantBillingStore
{
    public const string PaymentFailedReason = "payment_failed";

    /// <summary>False when the event id was handled before.</summary>
    public static async Task<bool> RecordEventAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string eventId, string type, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into stripe_webhook_events (id, type, received_at) values (@eventId, @type, @now) on conflict (id) do nothing",
            new { eventId, type, now }, transaction, cancellationToken: cancellationToken)) > 0;

    public static Task<Guid?> FindTenantAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string customerId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "select id from tenants where stripe_customer_id = @customerId", new { customerId }, transaction, cancellationToken: cancellationToken));

    public static Task<bool> PlanExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string planId, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists(select 1 from plans where id = @planId)", new { planId }, transaction, cancellationToken: cancellationToken));

    public static Task<bool> SetPlanAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, string planId, DateTimeOffset eventAt, CancellationToken cancellationToken) =>
        ChangeAsync(connection, transaction, tenantId,
            """
            update tenants set plan_id = @planId, stripe_plan_event_at = @eventAt
            where id = @tenantId and (stripe_plan_event_at is null or stripe_plan_event_at <= @eventAt)
            """, new { tenantId, planId, eventAt }, cancellationToken);

    /// <summary>Suspends for non-payment; a tenant an operator suspended stays suspended for that reason.</summary>
    public static Task<bool> SuspendForPaymentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, DateTimeOffset eventAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync(connection, transaction, tenantId,
            """
            update tenants set suspended_at = coalesce(suspended_at, @now), suspended_reason = coalesce(suspended_reason, @reason), stripe_payment_event_at = @eventAt
            where id = @tenantId and (stripe_payment_event_at is null or stripe_payment_event_at <= @eventAt)
            """, new { tenantId, eventAt, now, reason = PaymentFailedReason }, cancellationToken);

    /// <summary>Lifts a suspension billing made; never one an operator made.</summary>
    public static Task<bool> LiftPaymentSuspensionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, DateTimeOffset eventAt, CancellationToken cancellationToken) =>
        ChangeAsync(connection, transaction, tenantId,
            """
            update tenants set stripe_payment_event_at = @eventAt,
                suspended_at = case when suspended_reason = @reason then null else suspended_at end,
                suspended_reason = case when suspended_reason = @reason then null else suspended_reason end
            where id = @tenantId and (stripe_payment_event_at is null or stripe_payment_event_at <= @eventAt)
            """, new { tenantId, eventAt, reason = PaymentFailedReason }, cancellationToken);

    private static async Task<bool> ChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, string sql, object parameters, CancellationToken cancellationToken)
    {
        var changed = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)) > 0;
        if (changed)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "select pg_notify(@channel, @payload)", new { channel = AccountsService.KeysChangedChannel, payload = tenantId.ToString() }, transaction, cancellationToken: cancellationToken));
        }

        return changed;
    }
}
