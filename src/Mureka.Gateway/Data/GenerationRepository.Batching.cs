using Dapper;

namespace Mureka.Gateway.Data;

/// <summary>The statements the batching dispatcher adds: claim by id, queued jobs with their fairness keys, and admission undo.</summary>
public sealed partial class GenerationRepository
{
    /// <summary>
    /// Removes the jobs of one request that was refused at admission (one job, or a batch's members), only while every
    /// one of them is still queued: all of them or none, so a request is never left half-stored.
    /// </summary>
    /// <returns>False when one was no longer queued (another replica is already running it): then none was removed.</returns>
    public async Task<bool> DeleteQueuedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The locks taken here wait for a concurrent claim, which re-checks its row; a claimed row drops out of the count.
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            with queued as (select id from generations where id = any(@ids) and status = 'queued' for update)
            delete from generations where id in (select id from queued) and (select count(*) from queued) = @count
            """,
            new { ids = ids.ToArray(), count = ids.Count }, cancellationToken: cancellationToken)) == ids.Count;
    }

    /// <summary>
    /// Marks the given queued jobs running on <paramref name="host"/>, each under a new claim id and a lease of
    /// <paramref name="lease"/> on the database's clock. Ids another replica claimed, or that were canceled or
    /// finished meanwhile, are skipped: the batcher's queue is only a hint, the row decides.
    /// </summary>
    public async Task<IReadOnlyList<GenerationRecord>> ClaimByIdsAsync(IReadOnlyCollection<Guid> ids, string host, string leaseOwner, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<GenerationRecord>(new CommandDefinition(
            $"""
            with claimed as (
                select id from generations where id = any(@ids) and status = 'queued' and deadline_at > @now
                for update skip locked)
            update generations g set status = 'running', host = @host, attempts = attempts + 1, started_at = coalesce(started_at, @now), updated_at = @now,
                lease_owner = @leaseOwner, lease_expires_at = now() + @lease, claim_id = gen_random_uuid()
            from claimed where g.id = claimed.id
            returning {Columns.Replace("id, tenant_id", "g.id, g.tenant_id", StringComparison.Ordinal)}
            """, new { ids = ids.ToArray(), host, leaseOwner, lease, now }, cancellationToken: cancellationToken));
        return rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToList();
    }

    /// <summary>Queued jobs (oldest first) with what the batcher needs; <paramref name="quietFor"/> skips jobs just written, which their own replica is queuing.</summary>
    public async Task<IReadOnlyList<QueuedJobRow>> ListQueuedAsync(int limit, DateTimeOffset now, TimeSpan quietFor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<QueuedJobRow>(new CommandDefinition(
            """
            select g.id, g.tenant_id as TenantId, p.priority::int as Priority, g.model, (g.resolved->>'duration_ms')::int as DurationMs, g.deadline_at as DeadlineAt
            from generations g join tenants t on t.id = g.tenant_id join plans p on p.id = t.plan_id
            where g.status = 'queued' and g.deadline_at > @now and g.updated_at <= @before
            order by g.created_at, g.id limit @limit
            """, new { limit, now, before = now - quietFor }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Fails a job that is still queued (its batcher queue timeout passed); one another replica runs is left alone.</summary>
    public async Task<bool> FailQueuedAsync(Guid id, string error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update generations set status = 'failed', error = @error, finished_at = @now, updated_at = @now where id = @id and status = 'queued'",
            new { id, error, now }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Extends, on the database's clock, the leases of the given claims while their jobs still run under them.</summary>
    /// <returns>The claims renewed; a claim missing here is no longer its holder's (canceled, failed, or taken over).</returns>
    public async Task<IReadOnlySet<Guid>> RenewLeasesAsync(IReadOnlyCollection<Guid> claims, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var renewed = await connection.QueryAsync<Guid>(new CommandDefinition(
            "update generations set lease_expires_at = now() + @lease where claim_id = any(@claims) and status = 'running' returning claim_id",
            new { claims = claims.ToArray(), lease }, cancellationToken: cancellationToken));
        return renewed.ToHashSet();
    }

    /// <summary>
    /// Queues again every running job whose lease expired on the database's clock (its gateway died or lost the
    /// database), or that has no lease at all (left by an older gateway); a job that already used
    /// <paramref name="maxAttempts"/> fails instead, so a job that keeps losing its lease still ends.
    /// </summary>
    public async Task<int> RequeueExpiredLeasesAsync(int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            update generations set host = null, lease_owner = null, lease_expires_at = null, claim_id = null, updated_at = @now,
                status = case when attempts >= @maxAttempts then 'failed' else 'queued' end,
                finished_at = case when attempts >= @maxAttempts then @now end,
                error = case when attempts >= @maxAttempts then 'the render was interrupted ' || attempts || ' times (its gateway or database went away)' end
            where status = 'running' and (lease_expires_at is null or lease_expires_at <= now())
            """, new { maxAttempts, now }, cancellationToken: cancellationToken));
    }
}

/// <summary>A queued job as the batching dispatcher's poll reads it.</summary>
public sealed class QueuedJobRow
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public int Priority { get; set; }

    public string Model { get; set; } = "";

    public int DurationMs { get; set; }

    public DateTime DeadlineAt { get; set; }
}
