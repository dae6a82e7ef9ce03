using Dapper;

namespace Mureka.Gateway.Data;

/// <summary>Generations created under an Idempotency-Key reservation (stored by admission, at most one per reservation).</summary>
public sealed partial class GenerationRepository
{
    public async Task<GenerationRecord?> GetByIdempotencyIdAsync(Guid tenantId, Guid idempotencyId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<GenerationRecord>(new CommandDefinition(
            $"select {Columns} from generations where idempotency_id = @idempotencyId and tenant_id = @tenantId",
            new { tenantId, idempotencyId }, cancellationToken: cancellationToken));
    }
}
