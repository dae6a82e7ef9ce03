using Dapper;

namespace Mureka.Gateway.Data;

public sealed partial class GenerationRepository
{
    /// <summary>
    /// Removes up to <paramref name="limit"/> audio rows older than their tenant's plan keeps audio, marks their
    /// generations expired, and returns the storage keys for the caller to delete. Rows go first: should the caller
    /// fail before deleting an object, the orphan sweep finds it unreferenced later. Replicas running this at once
    /// skip each other's rows.
    /// </summary>
    public async Task<IReadOnlyList<string>> TakeExpiredAudioAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var keys = await connection.QueryAsync<string>(new CommandDefinition(
            """
            with expired as (
                select a.generation_id, a.name
                from audio_objects a
                join generations g on g.id = a.generation_id
                join tenants t on t.id = g.tenant_id
                join plans p on p.id = t.plan_id
                where p.audio_retention_days is not null
                  and a.created_at < @now - make_interval(days => p.audio_retention_days)
                order by a.created_at
                limit @limit
                for update of a skip locked),
            removed as (
                delete from audio_objects a using expired e
                where a.generation_id = e.generation_id and a.name = e.name
                returning a.generation_id, a.storage_key),
            marked as (
                update generations set audio_expired_at = @now
                where id in (select generation_id from removed) and audio_expired_at is null)
            select storage_key from removed
            """,
            new { now, limit }, cancellationToken: cancellationToken));
        return keys.AsList();
    }
}
