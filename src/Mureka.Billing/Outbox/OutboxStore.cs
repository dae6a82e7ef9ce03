using Dapper;
using Npgsql;

namespace Mureka.Billing.Outbox;

/// <summary>
/// Every statement on <c>billing_outbox</c>. The per-customer guarantee of one request in flight is a PostgreSQL
/// session advisory lock on the tenant: any number of gateway replicas may run the worker, and a replica that dies
/// drops its locks with its connections.
/// </summary>
public sealed class OutboxStore(NpgsqlDataSource dataSource)
{
    // First key of the two-int advisory lock space, so billing locks never collide with anyone else's.
    private const int LockSpace = 0x4d42_494c; // "MBIL"

    private const string Pending = "sent_at is null and abandoned_at is null";

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Tenants with at least one due row, those waiting longest first.</summary>
    public async Task<IReadOnlyList<Guid>> DueTenantsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Guid>(new CommandDefinition(
            $"""
            select tenant_id from billing_outbox where {Pending} and next_attempt_at <= @now
            group by tenant_id order by min(next_attempt_at) limit @limit
            """, new { now, limit }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Takes the tenant's send lock on <paramref name="connection"/> without waiting; false when another worker holds it.</summary>
    public static async Task<bool> TryLockTenantAsync(NpgsqlConnection connection, Guid tenantId, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select pg_try_advisory_lock(@space, hashtext(@tenant))", new { space = LockSpace, tenant = tenantId.ToString() }, cancellationToken: cancellationToken));

    public static async Task UnlockTenantAsync(NpgsqlConnection connection, Guid tenantId) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_unlock(@space, hashtext(@tenant))", new { space = LockSpace, tenant = tenantId.ToString() }));

    /// <summary>The tenant's due rows, oldest event first; read under the tenant's lock, so they are fresh.</summary>
    public static async Task<IReadOnlyList<OutboxRow>> DueRowsAsync(NpgsqlConnection connection, Guid tenantId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            select ledger_id as LedgerId, tenant_id as TenantId, identifier, value_ms as ValueMs, event_at as EventAt, attempts
            from billing_outbox where tenant_id = @tenantId and {Pending} and next_attempt_at <= @now
            order by event_at, ledger_id limit @limit
            """, new { tenantId, now, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => new OutboxRow(r.LedgerId, r.TenantId, r.Identifier, r.ValueMs, Utc(r.EventAt), r.Attempts)).ToList();
    }

    public static Task MarkSentAsync(NpgsqlConnection connection, OutboxRow row, DateTimeOffset now) =>
        connection.ExecuteAsync(new CommandDefinition(
            "update billing_outbox set sent_at = @now, attempts = attempts + 1, last_error = null where ledger_id = @id and sent_at is null",
            new { id = row.LedgerId, now }));

    /// <summary>
    /// Records a failed attempt on the row and holds back every pending row of the tenant until
    /// <paramref name="retryAt"/>: when Stripe is down for one event it is down for the next.
    /// </summary>
    public static async Task DeferTenantAsync(NpgsqlConnection connection, Guid tenantId, OutboxRow? row, string error, DateTimeOffset retryAt)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        if (row is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update billing_outbox set attempts = attempts + 1, last_error = @error where ledger_id = @id",
                new { id = row.LedgerId, error = Truncate(error) }, transaction));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            $"update billing_outbox set next_attempt_at = greatest(next_attempt_at, @retryAt) where tenant_id = @tenantId and {Pending}",
            new { tenantId, retryAt }, transaction));
        await transaction.CommitAsync();
    }

    /// <summary>Stripe refused the event in a way no retry fixes; it stays visible to reconciliation.</summary>
    public static Task AbandonRejectedAsync(NpgsqlConnection connection, OutboxRow row, string error, DateTimeOffset now) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"update billing_outbox set abandoned_at = @now, abandon_reason = 'rejected', attempts = attempts + 1, last_error = @error where ledger_id = @id and {Pending}",
            new { id = row.LedgerId, now, error = Truncate(error) }));

    /// <summary>Gives up on rows older than Stripe accepts.</summary>
    public async Task<AbandonedSummary> AbandonExpiredAsync(DateTimeOffset oldestAccepted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var summary = await connection.QuerySingleAsync<(long Rows, long? ValueMs)>(new CommandDefinition(
            $"""
            with expired as (
                update billing_outbox set abandoned_at = @now, abandon_reason = 'expired',
                    last_error = 'older than Stripe accepts for meter events'
                where {Pending} and event_at < @oldestAccepted
                returning value_ms)
            select count(*) as Rows, sum(value_ms)::bigint as ValueMs from expired
            """, new { oldestAccepted, now }, cancellationToken: cancellationToken));
        return new AbandonedSummary((int)summary.Rows, summary.ValueMs ?? 0);
    }

    public async Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition($"select count(*) from billing_outbox where {Pending}", cancellationToken: cancellationToken));
    }

    private static string Truncate(string error) => error.Length <= 1000 ? error : error[..1000];

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed class Row
    {
        public long LedgerId { get; init; }

        public Guid TenantId { get; init; }

        public string Identifier { get; init; } = "";

        public long ValueMs { get; init; }

        public DateTime EventAt { get; init; }

        public int Attempts { get; init; }
    }
}
