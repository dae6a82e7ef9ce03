using Dapper;
using Npgsql;

namespace Mureka.Gateway.Data;

/// <summary>
/// Every statement on <c>generations</c>, <c>audio_objects</c> and <c>usage_ledger</c>. Status changes are
/// guarded by the expected current status, so a cancel and a finishing render cannot both win.
/// </summary>
public sealed partial class GenerationRepository(NpgsqlDataSource dataSource)
{
    internal const string Columns =
        """
        id, tenant_id as TenantId, status, model, request::text as Request, resolved::text as Resolved, created_at as CreatedAt,
        updated_at as UpdatedAt, started_at as StartedAt, finished_at as FinishedAt, deadline_at as DeadlineAt, error, host,
        attempts, rendered_ms as RenderedMs, metadata::text as Metadata, cancel_requested as CancelRequested, trace_parent as TraceParent,
        lease_owner as LeaseOwner, claim_id as ClaimId, livemode, audio_expired_at as AudioExpiredAt,
        title, labels::text as Labels, bpm, duration_ms as DurationMs, batch_id as BatchId, parent_id as ParentId, kind
        """;

    /// <summary>
    /// The job when it belongs to the tenant and is of <paramref name="kind"/>; another tenant's id, and a job of another
    /// kind, read exactly like a missing one (a set's id is no track's, and the other way round).
    /// </summary>
    public async Task<GenerationRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken, string kind = GenerationKinds.Track)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<GenerationRecord>(new CommandDefinition(
            $"select {Columns} from generations where id = @id and tenant_id = @tenantId and kind = @kind", new { id, tenantId, kind }, cancellationToken: cancellationToken));
    }

    public async Task<GenerationRecord?> GetAnyTenantAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<GenerationRecord>(new CommandDefinition(
            $"select {Columns} from generations where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// One page in <paramref name="sort"/> order, keyset-paginated on (sort column, id) so pages stay stable while
    /// new jobs arrive. Filters are not part of the position, so a client sends them again with every page.
    /// </summary>
    public async Task<IReadOnlyList<GenerationRecord>> ListAsync(
        Guid tenantId, int limit, GenerationSort sort, GenerationPosition? after, GenerationFilter filter, CancellationToken cancellationToken)
    {
        var query = GenerationListQuery.Build(tenantId, limit, sort, after, filter);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<GenerationRecord>(new CommandDefinition(
            $"select {Columns} from generations where {query.Where} order by {query.OrderBy} limit @limit", query.Parameters, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<IReadOnlyList<AudioObjectRecord>> ListAudioAsync(IReadOnlyCollection<Guid> generationIds, CancellationToken cancellationToken)
    {
        if (generationIds.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AudioObjectRecord>(new CommandDefinition(
            """
            select generation_id as GenerationId, name, content_type as ContentType, size_bytes as SizeBytes, sha256, pcm_sha256 as PcmSha256, storage_key as StorageKey, created_at as CreatedAt
            from audio_objects where generation_id = any(@ids) order by generation_id, (name <> 'mix'), name
            """, new { ids = generationIds.ToArray() }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Cancels a queued or running generation of the tenant.</summary>
    /// <returns>The status it had before (null when not found or already finished).</returns>
    public async Task<string?> CancelAsync(Guid tenantId, Guid id, DateTimeOffset now, CancellationToken cancellationToken, string kind = GenerationKinds.Track)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            """
            with previous as (select id, status from generations where id = @id and tenant_id = @tenantId and kind = @kind and status in ('queued', 'running') for update)
            update generations g set status = 'canceled', cancel_requested = true, finished_at = @now, updated_at = @now, error = 'canceled by the caller'
            from previous where g.id = previous.id
            returning previous.status
            """, new { id, tenantId, now, kind }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Puts claimed jobs back in the queue, only while they still run under the claim they were taken with:
    /// a runner whose lease was taken over leaves them alone. With <paramref name="refundAttempt"/> the attempt
    /// does not count (the render was stopped by this replica's shutdown, not by a failure).
    /// </summary>
    /// <returns>The ids that went back to the queue.</returns>
    public async Task<IReadOnlyList<Guid>> RequeueAsync(IReadOnlyCollection<GenerationRecord> jobs, bool refundAttempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            update generations set status = 'queued', host = null, lease_owner = null, lease_expires_at = null, claim_id = null, updated_at = @now,
                attempts = case when @refundAttempt then greatest(attempts - 1, 0) else attempts end
            where claim_id = any(@claims) and status = 'running'
            returning id
            """,
            new { claims = jobs.Select(j => j.ClaimId).OfType<Guid>().ToArray(), refundAttempt, now }, cancellationToken: cancellationToken));
        return ids.ToList();
    }

    /// <summary>Fails a job its runner claimed, only while it still runs under that claim's lease.</summary>
    public async Task<bool> FailClaimedAsync(GenerationRecord job, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update generations set status = 'failed', error = @error, finished_at = @now, updated_at = @now
            where claim_id = @claimId and status = 'running'
            """,
            new { error, now, claimId = job.ClaimId }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Audio objects, the usage ledger row and the status change commit together or not at all.</summary>
    /// <returns>False when the job was no longer running under the claim it was taken with (canceled, failed, or taken over
    /// after the lease expired); nothing is written then, so a job is never billed twice. True again when this claim
    /// already completed it, so a retry after a lost answer does not mistake its own commit for a takeover.</returns>
    public async Task<bool> CompleteAsync(GenerationRecord job, long renderedMs, string metadataJson, IReadOnlyList<AudioObjectRecord> objects, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            update generations set status = 'succeeded', finished_at = @now, updated_at = @now, rendered_ms = @renderedMs, metadata = @metadataJson::jsonb, error = null
            where claim_id = @claimId and status = 'running'
            """, new { now, renderedMs, metadataJson, claimId = job.ClaimId }, transaction, cancellationToken: cancellationToken));
        if (changed == 0)
        {
            // Already completed under this very claim: an earlier try whose commit went through but whose answer was lost.
            await transaction.RollbackAsync(cancellationToken);
            return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists(select 1 from generations where claim_id = @claimId and status = 'succeeded')", new { claimId = job.ClaimId }, cancellationToken: cancellationToken));
        }

        foreach (var o in objects)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                insert into audio_objects (generation_id, name, content_type, size_bytes, sha256, pcm_sha256, storage_key, created_at)
                values (@GenerationId, @Name, @ContentType, @SizeBytes, @Sha256, @PcmSha256, @StorageKey, @now)
                """, new { o.GenerationId, o.Name, o.ContentType, o.SizeBytes, o.Sha256, o.PcmSha256, o.StorageKey, now }, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "insert into usage_ledger (tenant_id, generation_id, model, rendered_ms, recorded_at) values (@tenantId, @id, @model, @renderedMs, @now)",
            new { tenantId = job.TenantId, id = job.Id, model = job.Model, renderedMs, now }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Fails a job that has not finished yet.</summary>
    public async Task<bool> FailAsync(Guid id, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update generations set status = 'failed', error = @error, finished_at = @now, updated_at = @now where id = @id and status in ('queued', 'running')",
            new { id, error, now }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Fails every unfinished job past its deadline, with a reason that says where it was stuck.</summary>
    public async Task<IReadOnlyList<Guid>> FailExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            update generations set status = 'failed', finished_at = @now, updated_at = @now,
                error = case when status = 'queued' then 'no inference host available before the deadline'
                             else 'the render did not finish before the deadline' end
            where status in ('queued', 'running') and deadline_at <= @now
            returning id
            """, new { now }, cancellationToken: cancellationToken));
        return ids.ToList();
    }

    /// <summary>Which of <paramref name="storageKeys"/> an audio object row refers to.</summary>
    public async Task<IReadOnlySet<string>> FindStoredKeysAsync(IReadOnlyCollection<string> storageKeys, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var keys = await connection.QueryAsync<string>(new CommandDefinition(
            "select storage_key from audio_objects where storage_key = any(@storageKeys)", new { storageKeys = storageKeys.ToArray() }, cancellationToken: cancellationToken));
        return keys.ToHashSet(StringComparer.Ordinal);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
