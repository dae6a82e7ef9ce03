using System.Diagnostics;
using Microsoft.Extensions.Options;
using Mureka.Accounts;
using Mureka.Gateway.Data;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Limits;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Stores new jobs under the plan's limits and hands them to the dispatcher: the one path every kind of job (tracks,
/// variations, versions, extensions, adaptive sets) is admitted through, so none can skip a limit or the queue.
/// </summary>
public sealed class JobAdmission(
    GenerationRepository repository,
    IGenerationDispatcher dispatcher,
    QuotaSnapshots quotas,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>A queued job of the caller's tenant created at <paramref name="now"/>: what every kind of job shares; the caller fills in the rest.</summary>
    public GenerationRecord NewJob(ApiKeyPrincipal principal, Guid id, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return new GenerationRecord
        {
            Id = id,
            TenantId = principal.TenantId,
            Status = GenerationStatuses.Queued,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
            DeadlineAt = (now + options.Value.JobDeadline).UtcDateTime,
            TraceParent = Activity.Current?.Id,
            // Taken from the key once, here; billing, quota and every view read it from the row from now on.
            Livemode = principal.Livemode,
        };
    }

    /// <summary>Now, truncated to what PostgreSQL keeps (microseconds), so a create's response equals what a later GET returns.</summary>
    public DateTimeOffset Now()
    {
        var utcNow = timeProvider.GetUtcNow();
        return utcNow.AddTicks(-(utcNow.Ticks % 10));
    }

    /// <summary>Stores <paramref name="records"/> (one request's jobs, admitted together or not at all) and queues them.</summary>
    /// <param name="durationsMs">What each job reserves against the quota and tells the batcher about its size.</param>
    /// <param name="idempotencyId">The Idempotency-Key reservation of the request, if any: at most one request's jobs are stored per reservation.</param>
    /// <returns>False when the reservation already has its jobs: nothing was written, the caller returns those.</returns>
    /// <exception cref="DispatchRejectedException">Overloaded or no host; nothing was kept.</exception>
    /// <exception cref="LimitExceededException">The plan's quota or concurrency limit; nothing was kept.</exception>
    public async Task<bool> AdmitAsync(IReadOnlyList<GenerationRecord> records, IReadOnlyList<int> durationsMs, int priority, Guid? idempotencyId, CancellationToken cancellationToken)
    {
        // Nothing is written when no host could run it anyway (503).
        var availability = dispatcher.CheckAvailability();
        if (!availability.Accepted)
        {
            throw new DispatchRejectedException(availability);
        }

        // Stored before the caller hears about it: a crash after this line loses nothing. Stored before
        // admission too, so the batcher's claim always finds the row it was handed. The insert reserves
        // the requested seconds under the plan's quota and concurrency limits, once per idempotency reservation.
        var created = new DateTimeOffset(DateTime.SpecifyKind(records[0].CreatedAt, DateTimeKind.Utc));
        var period = BillingPeriod.Containing(created);
        var (inserted, quotaMs, usedMs) = await repository.InsertWithinLimitsAsync(records, durationsMs.Sum(d => (long)d), period, idempotencyId, cancellationToken);
        if (!inserted)
        {
            return false;
        }

        quotas.Admitted(records[0].TenantId, quotaMs, usedMs, period);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var deadline = new DateTimeOffset(DateTime.SpecifyKind(record.DeadlineAt, DateTimeKind.Utc));
            var ticket = new DispatchTicket(record.Id, record.TenantId, priority, record.Model, durationsMs[i], deadline);

            // The caller's cancellation is honoured: the rows are stored and queued, so the dispatcher's poll runs them anyway.
            var admission = await dispatcher.EnqueueAsync(ticket, cancellationToken);
            if (!admission.Accepted && i == 0 && await repository.DeleteQueuedAsync([.. records.Select(r => r.Id)], CancellationToken.None))
            {
                // Refused (429/503): the rows go in the same request, so nothing is left half-written. When one of them
                // is no longer queued, another replica's poll already claimed it: it runs, so all of them are accepted.
                throw new DispatchRejectedException(admission);
            }

            // A later member the local queue refused stays queued in the database: the batch was accepted with its first
            // member, and the dispatcher's poll runs what its queue could not take.
        }

        return true;
    }
}
