using Dapper;

namespace Mureka.Gateway.Data;

/// <summary>Generations created under an Idempotency-Key reservation: at most one per reservation.</summary>
public sealed partial class GenerationRepository
{
    /// <summary>Inserts the generation stamped with the reservation; false when that reservation already has one.</summary>
    public async Task<bool> InsertOnceAsync(GenerationRecord record, Guid idempotencyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into generations (id, tenant_id, status, model, request, resolved, created_at, updated_at, deadline_at, trace_parent, idempotency_id)
            values (@Id, @TenantId, @Status, @Model, @Request::jsonb, @Resolved::jsonb, @CreatedAt, @UpdatedAt, @DeadlineAt, @TraceParent, @idempotencyId)
            on conflict (idempotency_id) do nothing
            """,
            new
            {
                record.Id, record.TenantId, record.Status, record.Model, record.Request, record.Resolved,
                CreatedAt = Utc(record.CreatedAt), UpdatedAt = Utc(record.UpdatedAt), DeadlineAt = Utc(record.DeadlineAt), record.TraceParent,
                idempotencyId,
            },
            cancellationToken: cancellationToken)) > 0;
    }

    public async Task<GenerationRecord?> GetByIdempotencyIdAsync(Guid tenantId, Guid idempotencyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<GenerationRecord>(new CommandDefinition(
            $"select {Columns} from generations where idempotency_id = @idempotencyId and tenant_id = @tenantId",
            new { tenantId, idempotencyId }, cancellationToken: cancellationToken));
    }
}
