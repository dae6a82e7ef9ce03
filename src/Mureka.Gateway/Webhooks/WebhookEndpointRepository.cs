using Dapper;
using Npgsql;

namespace Mureka.Gateway.Webhooks;

/// <summary>Every statement on <c>webhook_endpoints</c> and the delivery log a tenant reads. Another tenant's id reads like a missing one.</summary>
public sealed class WebhookEndpointRepository(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, tenant_id as TenantId, url, description, events, secret, created_at as CreatedAt, updated_at as UpdatedAt";

    /// <summary>Inserts the endpoint unless the tenant already has <paramref name="maxPerTenant"/>.</summary>
    /// <returns>False when the limit was reached; nothing is written then.</returns>
    public async Task<bool> CreateAsync(WebhookEndpointRecord record, int maxPerTenant, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The tenant row serialises concurrent creates of one tenant, so two requests cannot both take the last slot.
        await connection.ExecuteAsync(new CommandDefinition(
            "select 1 from tenants where id = @TenantId for update", new { record.TenantId }, transaction, cancellationToken: cancellationToken));
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from webhook_endpoints where tenant_id = @TenantId", new { record.TenantId }, transaction, cancellationToken: cancellationToken));
        if (count >= maxPerTenant)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into webhook_endpoints (id, tenant_id, url, description, events, secret, created_at, updated_at)
            values (@Id, @TenantId, @Url, @Description, @Events, @Secret, @CreatedAt, @UpdatedAt)
            """,
            new
            {
                record.Id, record.TenantId, record.Url, record.Description, record.Events, record.Secret,
                CreatedAt = Utc(record.CreatedAt), UpdatedAt = Utc(record.UpdatedAt),
            },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<WebhookEndpointRecord>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<WebhookEndpointRecord>(new CommandDefinition(
            $"select {Columns} from webhook_endpoints where tenant_id = @tenantId order by created_at, id", new { tenantId }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<WebhookEndpointRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<WebhookEndpointRecord>(new CommandDefinition(
            $"select {Columns} from webhook_endpoints where id = @id and tenant_id = @tenantId", new { id, tenantId }, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes the endpoint with its pending deliveries and its log (cascade): nothing is sent to it afterwards.</summary>
    public async Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from webhook_endpoints where id = @id and tenant_id = @tenantId", new { id, tenantId }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Replaces the signing secret; deliveries signed from now on use the new one.</summary>
    public async Task<WebhookEndpointRecord?> RotateSecretAsync(Guid tenantId, Guid id, string secret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<WebhookEndpointRecord>(new CommandDefinition(
            $"update webhook_endpoints set secret = @secret, updated_at = @now where id = @id and tenant_id = @tenantId returning {Columns}",
            new { id, tenantId, secret, now }, cancellationToken: cancellationToken));
    }

    /// <summary>The endpoint's delivery log, newest attempt first; keyset pagination on the attempt id.</summary>
    public async Task<IReadOnlyList<WebhookAttemptRecord>> ListAttemptsAsync(Guid endpointId, int limit, long? beforeId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<WebhookAttemptRecord>(new CommandDefinition(
            """
            select a.id, e.id as EventId, e.type as EventType, e.generation_id as GenerationId, a.attempt, a.attempted_at as AttemptedAt,
                a.status_code as StatusCode, a.response_time_ms as ResponseTimeMs, a.error, a.next_retry_at as NextRetryAt, a.delivered
            from webhook_attempts a
            join webhook_deliveries d on d.id = a.delivery_id
            join webhook_events e on e.id = d.event_id
            where a.endpoint_id = @endpointId and (@beforeId::bigint is null or a.id < @beforeId)
            order by a.id desc limit @limit
            """, new { endpointId, limit, beforeId }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
