using Dapper;
using Npgsql;

namespace Mureka.Gateway.Idempotency;

/// <summary>Every statement on <c>idempotency_keys</c>. Each is one atomic statement, so racing replicas agree on one owner.</summary>
public sealed class IdempotencyRepository(NpgsqlDataSource dataSource)
{
    private const string Columns =
        """
        reservation_id as ReservationId, fingerprint, status, response_status as ResponseStatus,
        response_headers::text as ResponseHeaders, response_body as ResponseBody, locked_until as LockedUntil
        """;

    /// <summary>Reserves the key, takes over an expired key or a stale lock, or says what holds it.</summary>
    public async Task<Reservation> ReserveAsync(Guid tenantId, string key, byte[] fingerprint, DateTimeOffset now, IdempotencyOptions options, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var lockedUntil = now + options.LockTimeout;
        var expiresAt = now + options.KeyTtl;

        // Two tries: the row seen by the select may be released (a 5xx) just before it is read.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            // A new key, or an expired one (ignored from its expiry on, even before the sweep deletes it).
            var acquired = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                """
                insert into idempotency_keys (tenant_id, key, reservation_id, fingerprint, status, created_at, locked_until, expires_at)
                values (@tenantId, @key, @reservationId, @fingerprint, 'in_progress', @now, @lockedUntil, @expiresAt)
                on conflict (tenant_id, key) do update set
                    reservation_id = excluded.reservation_id, fingerprint = excluded.fingerprint, status = 'in_progress',
                    response_status = null, response_headers = null, response_body = null,
                    created_at = excluded.created_at, locked_until = excluded.locked_until, expires_at = excluded.expires_at
                where idempotency_keys.expires_at <= @now
                returning reservation_id
                """,
                new { tenantId, key, reservationId = Guid.CreateVersion7(now), fingerprint, now, lockedUntil, expiresAt },
                cancellationToken: cancellationToken));
            if (acquired is { } id)
            {
                return new Reservation.Acquired(id);
            }

            var existing = await connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(
                $"select {Columns} from idempotency_keys where tenant_id = @tenantId and key = @key", new { tenantId, key }, cancellationToken: cancellationToken));
            if (existing is null)
            {
                continue;
            }

            if (!existing.Fingerprint.AsSpan().SequenceEqual(fingerprint))
            {
                return new Reservation.Mismatch();
            }

            if (existing.IsCompleted)
            {
                return new Reservation.Completed(existing);
            }

            // The owner's lock ran out (its gateway died): take over with the same reservation id, so work it
            // already stored under that id is found instead of done again.
            var takenOver = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                """
                update idempotency_keys set locked_until = @lockedUntil
                where tenant_id = @tenantId and key = @key and status = 'in_progress' and locked_until <= @now and fingerprint = @fingerprint
                returning reservation_id
                """,
                new { tenantId, key, fingerprint, now, lockedUntil }, cancellationToken: cancellationToken));
            return takenOver is { } same ? new Reservation.Acquired(same) : new Reservation.InProgress();
        }

        return new Reservation.InProgress();
    }

    /// <summary>Stores the response for replays; a no-op when the reservation was lost meanwhile.</summary>
    public async Task CompleteAsync(Guid tenantId, string key, Guid reservationId, int status, string headersJson, byte[] body, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update idempotency_keys set status = 'completed', response_status = @status, response_headers = @headersJson::jsonb, response_body = @body
            where tenant_id = @tenantId and key = @key and reservation_id = @reservationId and status = 'in_progress'
            """,
            new { tenantId, key, reservationId, status, headersJson, body }, cancellationToken: cancellationToken));
    }

    /// <summary>Frees the key: the request was refused before it ran, so nothing was stored under it.</summary>
    public async Task ReleaseAsync(Guid tenantId, string key, Guid reservationId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from idempotency_keys where tenant_id = @tenantId and key = @key and reservation_id = @reservationId and status = 'in_progress'",
            new { tenantId, key, reservationId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Ends the owner's lock but keeps the reservation (a 5xx, an exception, a caller that went away): work may
    /// have been stored under it, so a retry of the same request takes it over at once and finds that work.
    /// </summary>
    public async Task UnlockAsync(Guid tenantId, string key, Guid reservationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update idempotency_keys set locked_until = @now where tenant_id = @tenantId and key = @key and reservation_id = @reservationId and status = 'in_progress'",
            new { tenantId, key, reservationId, now }, cancellationToken: cancellationToken));
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "delete from idempotency_keys where expires_at <= @now", new { now }, cancellationToken: cancellationToken));
    }
}
