using Dapper;
using Npgsql;

namespace Mureka.Gateway.Webhooks;

/// <summary>
/// The delivery outbox: claim due deliveries, then record each attempt. A claim takes rows with
/// <c>for update skip locked</c> and pushes their due time past the send timeout in the same statement,
/// so replicas never send the same attempt twice; a replica that dies after claiming just lets it fall due again.
/// </summary>
public sealed class WebhookDeliveryRepository(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimDueAsync(int limit, DateTimeOffset now, DateTimeOffset claimedUntil, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClaimedDelivery>(new CommandDefinition(
            """
            with due as (
                select id from webhook_deliveries where status = 'pending' and next_attempt_at <= @now
                order by next_attempt_at, id limit @limit for update skip locked)
            update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = @claimedUntil
            from due, webhook_events e, webhook_endpoints w
            where d.id = due.id and e.id = d.event_id and w.id = d.endpoint_id
            returning d.id, e.id as EventId, e.type as EventType, e.generation_id as GenerationId, e.created_at as EventCreatedAt,
                w.id as EndpointId, w.url, w.secret, d.attempts as Attempt
            """, new { limit, now, claimedUntil }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>
    /// Logs the attempt and moves the delivery on (delivered, failed, or pending until <paramref name="nextRetryAt"/>)
    /// in one transaction. The status only changes while the delivery is still at this attempt.
    /// </summary>
    public async Task RecordAttemptAsync(ClaimedDelivery delivery, AttemptOutcome outcome, DateTimeOffset attemptedAt, DateTimeOffset? nextRetryAt, CancellationToken cancellationToken)
    {
        var status = outcome.Delivered ? "delivered" : nextRetryAt is null ? "failed" : "pending";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var locked = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "select 1 from webhook_deliveries where id = @id for update", new { id = delivery.Id }, transaction, cancellationToken: cancellationToken));
        if (locked is null)
        {
            // The endpoint was deleted while this attempt ran; its log went with it.
            await transaction.RollbackAsync(cancellationToken);
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into webhook_attempts (delivery_id, endpoint_id, attempt, attempted_at, status_code, response_time_ms, error, next_retry_at, delivered)
            values (@id, @endpointId, @attempt, @attemptedAt, @statusCode, @responseTimeMs, @error, @nextRetryAt, @delivered)
            on conflict (delivery_id, attempt) do nothing
            """,
            new
            {
                id = delivery.Id, endpointId = delivery.EndpointId, attempt = delivery.Attempt, attemptedAt, outcome.StatusCode,
                responseTimeMs = (int)Math.Min(int.MaxValue, Math.Round(outcome.ResponseTime.TotalMilliseconds)), outcome.Error, nextRetryAt, delivered = outcome.Delivered,
            },
            transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update webhook_deliveries set status = @status, next_attempt_at = @nextRetryAt,
                delivered_at = case when @status = 'delivered' then @finishedAt else null end
            where id = @id and attempts = @attempt and status = 'pending'
            """,
            new { id = delivery.Id, attempt = delivery.Attempt, status, nextRetryAt, finishedAt = attemptedAt + outcome.ResponseTime },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
