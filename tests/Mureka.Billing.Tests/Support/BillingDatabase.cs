using Dapper;
using Npgsql;

namespace Mureka.Billing.Tests.Support;

/// <summary>A migrated test database with helpers that write what the gateway would: tenants, generations, ledger rows.</summary>
public sealed class BillingDatabase(NpgsqlDataSource dataSource, string connectionString)
{
    public NpgsqlDataSource DataSource => dataSource;

    public string ConnectionString => connectionString;

    public async Task<Guid> CreateTenantAsync(string name = "Acme Music", string? stripeCustomerId = null, string plan = "pro")
    {
        var id = Guid.NewGuid();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "insert into tenants (id, name, plan_id, created_at, stripe_customer_id) values (@id, @name, @plan, now(), @stripeCustomerId)",
            new { id, name, plan, stripeCustomerId });
        return id;
    }

    /// <summary>A succeeded generation and its ledger row, as the gateway's completion transaction writes them.</summary>
    /// <returns>The generation id (the meter event identifier is <c>mureka-gen-</c> + this).</returns>
    /// <param name="livemode">False: a generation made with a test key (recorded, never billed).</param>
    public async Task<Guid> AddUsageAsync(Guid tenantId, long renderedMs, DateTimeOffset recordedAt, bool livemode = true)
    {
        var id = Guid.NewGuid();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            insert into generations (id, tenant_id, status, model, request, resolved, created_at, updated_at, deadline_at, rendered_ms, livemode)
            values (@id, @tenantId, 'succeeded', 'mureka-compose-1', '{}', '{}', @recordedAt, @recordedAt, @recordedAt, @renderedMs, @livemode)
            """, new { id, tenantId, recordedAt, renderedMs, livemode }, transaction);
        await connection.ExecuteAsync(
            "insert into usage_ledger (tenant_id, generation_id, model, rendered_ms, recorded_at) values (@tenantId, @id, 'mureka-compose-1', @renderedMs, @recordedAt)",
            new { tenantId, id, renderedMs, recordedAt }, transaction);
        await transaction.CommitAsync();
        return id;
    }

    public async Task<OutboxState> OutboxAsync(Guid generationId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<OutboxState>(
            """
            select o.identifier, o.value_ms as ValueMs, o.attempts, o.sent_at is not null as Sent, o.abandon_reason as AbandonReason, o.last_error as LastError
            from billing_outbox o join usage_ledger l on l.id = o.ledger_id where l.generation_id = @generationId
            """, new { generationId });
    }

    public async Task<long> PendingAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from billing_outbox where sent_at is null and abandoned_at is null");
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }
}

public sealed class OutboxState
{
    public string Identifier { get; init; } = "";

    public long ValueMs { get; init; }

    public int Attempts { get; init; }

    public bool Sent { get; init; }

    public string? AbandonReason { get; init; }

    public string? LastError { get; init; }
}
