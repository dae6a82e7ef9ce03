using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Mureka.Accounts;
using Mureka.Gateway.Data;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Limits;
using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>The operations behind both public APIs, so REST and gRPC cannot drift apart.</summary>
public sealed class GenerationService(
    GenerationRepository repository,
    IGenerationDispatcher dispatcher,
    GenerationEventHub hub,
    FinishedGenerationCache finished,
    PlanCatalog plans,
    QuotaSnapshots quotas,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Resolves the spec (the one place it is resolved), stores the job, then hands it to the dispatcher.</summary>
    /// <exception cref="RequestValidationException">Every invalid field, named as on the wire.</exception>
    /// <exception cref="DispatchRejectedException">Overloaded or no host; nothing was kept.</exception>
    /// <exception cref="LimitExceededException">The plan's quota or concurrency limit; nothing was kept.</exception>
    /// <param name="idempotencyId">The Idempotency-Key reservation of the request, if any: at most one job is stored per reservation.</param>
    public async Task<GenerationView> CreateAsync(ApiKeyPrincipal principal, MusicSpec spec, CancellationToken cancellationToken, Guid? idempotencyId = null)
    {
        var resolved = SpecAdmission.Resolve(spec);
        if (idempotencyId is { } reserved && await GetByIdempotencyIdAsync(principal.TenantId, reserved, cancellationToken) is { } earlier)
        {
            // A retry after the first attempt stored its job but died before its response was kept.
            return earlier;
        }

        var plan = await plans.FindAsync(principal.PlanId, cancellationToken);
        CheckPlanAllows(plan, principal, resolved);

        // PostgreSQL keeps microseconds: truncate first so the response equals what a later GET returns.
        var utcNow = timeProvider.GetUtcNow();
        var now = utcNow.AddTicks(-(utcNow.Ticks % 10));
        var record = new GenerationRecord
        {
            Id = Guid.CreateVersion7(now),
            TenantId = principal.TenantId,
            Status = GenerationStatuses.Queued,
            Model = resolved.Model,
            Request = JsonSerializer.Serialize(spec, GatewayJson.Compact),
            Resolved = StoredSpec.Write(resolved),
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
            DeadlineAt = (now + options.Value.JobDeadline).UtcDateTime,
            TraceParent = Activity.Current?.Id,
            // Taken from the key once, here; billing, quota and every view read it from the row from now on.
            Livemode = principal.Livemode,
            Title = spec.Title,
            Labels = JsonSerializer.Serialize(spec.Labels ?? new Dictionary<string, string>(), GatewayJson.Compact),
        };

        // Nothing is written when no host could run it anyway (503).
        var availability = dispatcher.CheckAvailability();
        if (!availability.Accepted)
        {
            throw new DispatchRejectedException(availability);
        }

        // Stored before the caller hears about it: a crash after this line loses nothing. Stored before
        // admission too, so the batcher's claim always finds the row it was handed. The insert reserves
        // the requested seconds under the plan's quota and concurrency limits, once per idempotency reservation.
        var period = BillingPeriod.Containing(now);
        var (inserted, quotaMs, usedMs) = await repository.InsertWithinLimitsAsync(record, resolved.DurationMs, period, idempotencyId, cancellationToken);
        if (!inserted)
        {
            return await GetByIdempotencyIdAsync(principal.TenantId, idempotencyId!.Value, cancellationToken) ?? throw new InvalidOperationException("the job stored under this reservation vanished");
        }

        quotas.Admitted(record.TenantId, quotaMs, usedMs, period);
        var ticket = new DispatchTicket(record.Id, record.TenantId, plan?.Priority ?? 0, record.Model, resolved.DurationMs, now + options.Value.JobDeadline);

        // The caller's cancellation is honoured: the row is stored and queued, so the dispatcher's poll runs it anyway.
        var admission = await dispatcher.EnqueueAsync(ticket, cancellationToken);
        if (!admission.Accepted && await repository.DeleteQueuedAsync(record.Id, CancellationToken.None))
        {
            // Refused (429/503): the row goes in the same request, so nothing is left half-written. When
            // the delete finds nothing, another replica's poll already claimed the job: it runs, so accept.
            throw new DispatchRejectedException(admission);
        }

        return new GenerationView(record, []);
    }

    private async Task<GenerationView?> GetByIdempotencyIdAsync(Guid tenantId, Guid idempotencyId, CancellationToken cancellationToken)
    {
        var record = await repository.GetByIdempotencyIdAsync(tenantId, idempotencyId, cancellationToken);
        return record is null ? null : await GetAsync(tenantId, record.Id, cancellationToken);
    }

    public async Task<GenerationView?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        if (finished.TryGet(tenantId, id, out var cached))
        {
            return cached;
        }

        var record = await repository.GetAsync(tenantId, id, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var audio = record.Status == GenerationStatuses.Succeeded ? await repository.ListAudioAsync([id], cancellationToken) : [];
        var view = new GenerationView(record, audio);
        finished.AddIfFinished(tenantId, view);
        return view;
    }

    /// <summary>What a plan asks of a request beyond the spec's own rules: a track no longer than it allows.</summary>
    /// <exception cref="RequestValidationException">The track is longer than the plan allows this key.</exception>
    internal static void CheckPlanAllows(PlanLimits? plan, ApiKeyPrincipal principal, ResolvedMusicSpec resolved)
    {
        if (plan?.MaxDurationMsFor(principal.Livemode) is { } maxDurationMs && resolved.DurationMs > maxDurationMs)
        {
            var keys = principal.Livemode ? "" : " for test keys";
            throw new RequestValidationException([new FieldError("duration_ms", $"must be at most {maxDurationMs} ms{keys} on the {plan.Name} plan (got {resolved.DurationMs})")]);
        }
    }

    /// <exception cref="RequestValidationException">A bad page size, cursor, filter or sort, every one named.</exception>
    public async Task<(IReadOnlyList<GenerationView> Items, string? NextCursor)> ListAsync(
        Guid tenantId, GenerationListRequest request, CancellationToken cancellationToken)
    {
        var size = request.Limit ?? DefaultPageSize;
        var errors = new List<FieldError>();
        if (size is < 1 or > MaxPageSize)
        {
            errors.Add(new FieldError("limit", $"must be between 1 and {MaxPageSize} (got {size})"));
        }

        var (filter, sort) = ListFilters.Read(request, errors);
        GenerationPosition? after = null;
        if (!string.IsNullOrEmpty(request.Cursor))
        {
            if (!GenerationCursor.TryDecode(request.Cursor, out var position))
            {
                errors.Add(new FieldError("cursor", "is not a cursor returned by this API"));
            }
            else if (position.Sort != sort)
            {
                errors.Add(new FieldError("cursor", "belongs to a listing in another order; send the sort it was returned with"));
            }
            else
            {
                after = position;
            }
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        // One extra row tells whether another page exists without a count query.
        var rows = await repository.ListAsync(tenantId, size + 1, sort, after, filter, cancellationToken);
        var page = rows.Take(size).ToList();
        var audio = (await repository.ListAudioAsync(page.Where(r => r.Status == GenerationStatuses.Succeeded).Select(r => r.Id).ToList(), cancellationToken))
            .ToLookup(a => a.GenerationId);
        var next = rows.Count > size ? GenerationCursor.Encode(GenerationPosition.After(page[^1], sort)) : null;
        return (page.Select(r => new GenerationView(r, audio[r.Id].ToList())).ToList(), next);
    }

    /// <returns>Null when the tenant has no such generation.</returns>
    /// <exception cref="GenerationConflictException">It already finished.</exception>
    public async Task<GenerationView?> CancelAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        var previous = await repository.CancelAsync(tenantId, id, timeProvider.GetUtcNow(), cancellationToken);
        if (previous is null)
        {
            var existing = await repository.GetAsync(tenantId, id, cancellationToken);
            return existing is null ? null : throw new GenerationConflictException($"the generation already finished with status {existing.Status}");
        }

        if (previous == GenerationStatuses.Running)
        {
            // The row already says canceled; stopping the host's work is best effort.
            await dispatcher.CancelAsync(id, cancellationToken);
        }

        hub.Finish(id);
        return await GetAsync(tenantId, id, cancellationToken);
    }

    /// <summary>Waits until the generation finished or <paramref name="timeout"/> passed; returns its latest state.</summary>
    public async Task<GenerationView?> WaitAsync(Guid tenantId, Guid id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = timeProvider.GetUtcNow() + timeout;
        var watch = hub.Watch(id);
        try
        {
            while (true)
            {
                var view = await GetAsync(tenantId, id, cancellationToken);
                var left = until - timeProvider.GetUtcNow();
                if (view is null || view.Record.IsFinished || left <= TimeSpan.Zero)
                {
                    return view;
                }

                if (watch.Finished.IsCompleted)
                {
                    // The run here ended without finishing the job (it went back to the queue): watch its next run.
                    watch.Dispose();
                    watch = hub.Watch(id);
                    continue;
                }

                // The hub wakes us when this replica finishes the job; the poll covers jobs another replica runs.
                var poll = TimeSpan.FromMilliseconds(Math.Min(left.TotalMilliseconds, 500));
                await Task.WhenAny(watch.Finished, Task.Delay(poll, timeProvider, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            // Removed whatever happened: a job finished by another replica must not leave a waiter here.
            watch.Dispose();
        }
    }
}
