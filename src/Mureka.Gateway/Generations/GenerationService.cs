using System.Text.Json;
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
    JobAdmission admission,
    TimeProvider timeProvider)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Resolves the spec (the one place it is resolved), stores the job, then hands it to the dispatcher.</summary>
    /// <exception cref="RequestValidationException">Every invalid field, named as on the wire.</exception>
    /// <exception cref="DispatchRejectedException">Overloaded or no host; nothing was kept.</exception>
    /// <exception cref="LimitExceededException">The plan's quota or concurrency limit; nothing was kept.</exception>
    /// <param name="idempotencyId">The Idempotency-Key reservation of the request, if any: at most one job is stored per reservation.</param>
    public async Task<GenerationView> CreateAsync(ApiKeyPrincipal principal, MusicSpec spec, CancellationToken cancellationToken, Guid? idempotencyId = null) =>
        (await CreateMembersAsync(principal, new Creation(spec, [SpecAdmission.Resolve(spec)], spec.Title, spec.Labels), idempotencyId, cancellationToken))[0];

    /// <summary>
    /// <paramref name="count"/> variations of one spec, admitted together or not at all: each is a generation of
    /// its own (rendered, billed and licensed alone) with a distinct seed, and all share one batch id.
    /// </summary>
    /// <exception cref="RequestValidationException">Every invalid field, the count's included.</exception>
    /// <exception cref="DispatchRejectedException">Overloaded or no host; nothing was kept.</exception>
    /// <exception cref="LimitExceededException">The plan's quota or concurrency limit cannot take them all; nothing was kept.</exception>
    public async Task<GenerationBatch> CreateVariationsAsync(ApiKeyPrincipal principal, MusicSpec spec, int? count, Guid? idempotencyId, CancellationToken cancellationToken)
    {
        var members = await CreateMembersAsync(principal, new Creation(spec, Variations.Resolve(spec, count), spec.Title, spec.Labels) { Batched = true }, idempotencyId, cancellationToken);
        return new GenerationBatch(members[0].Record.BatchId ?? throw new InvalidOperationException("a batch member without its batch id"), members);
    }

    /// <summary>
    /// A version of the tenant's track <paramref name="parentId"/>: its music (seed, key, tempo, instruments, form) with
    /// only the deliverable changed — a cut-down (a shorter <c>duration_ms</c>, composed and arranged to end properly),
    /// an alternative mix, another format. Linked to its parent, rendered, billed and licensed as a generation of its own.
    /// Title and labels are the parent's unless <paramref name="changes"/> gives them.
    /// </summary>
    /// <returns>Null when the tenant has no such track.</returns>
    /// <exception cref="RequestValidationException">A field a version cannot change, or an invalid value, every one named.</exception>
    /// <exception cref="DispatchRejectedException">Overloaded or no host; nothing was kept.</exception>
    /// <exception cref="LimitExceededException">The plan's quota or concurrency limit; nothing was kept.</exception>
    public async Task<GenerationView?> CreateVersionAsync(ApiKeyPrincipal principal, Guid parentId, MusicSpec changes, Guid? idempotencyId, CancellationToken cancellationToken)
    {
        var parent = await repository.GetAsync(principal.TenantId, parentId, cancellationToken);
        if (parent is null)
        {
            return null;
        }

        var resolved = Versions.Resolve(StoredSpec.Read(parent.Resolved), changes);
        var creation = new Creation(changes, [resolved], changes.Title ?? parent.Title, changes.Labels ?? GenerationResource.LabelsOf(parent)) { ParentId = parentId };
        return (await CreateMembersAsync(principal, creation, idempotencyId, cancellationToken))[0];
    }

    /// <summary>
    /// An extension of the caller's track <paramref name="parentId"/>: a new generation that continues it (see
    /// <see cref="Extensions"/>), linked to it and billed for what it adds.
    /// </summary>
    /// <returns>Null when the caller has no such track.</returns>
    /// <exception cref="GenerationConflictException">The track cannot be extended; nothing was kept.</exception>
    /// <exception cref="RequestValidationException">A field an extension cannot set, or an invalid value; nothing was kept.</exception>
    /// <exception cref="DispatchRejectedException">Overloaded or no host; nothing was kept.</exception>
    /// <exception cref="LimitExceededException">The plan's quota or concurrency limit; nothing was kept.</exception>
    /// <summary>The spec an extension of the caller's track would have, without storing anything (for its estimate).</summary>
    /// <returns>Null when the caller has no such track.</returns>
    /// <exception cref="GenerationConflictException">The track cannot be extended.</exception>
    /// <exception cref="RequestValidationException">A field an extension cannot set, or an invalid value.</exception>
    public async Task<ResolvedMusicSpec?> ResolveExtensionAsync(Guid tenantId, Guid parentId, MusicSpec changes, CancellationToken cancellationToken)
    {
        var parent = await repository.GetAsync(tenantId, parentId, cancellationToken);
        return parent is null ? null : Extensions.Resolve(parent, StoredSpec.Read(parent.Resolved), changes);
    }

    public async Task<GenerationView?> CreateExtensionAsync(ApiKeyPrincipal principal, Guid parentId, MusicSpec changes, Guid? idempotencyId, CancellationToken cancellationToken)
    {
        var parent = await repository.GetAsync(principal.TenantId, parentId, cancellationToken);
        if (parent is null)
        {
            return null;
        }

        var resolved = Extensions.Resolve(parent, StoredSpec.Read(parent.Resolved), changes);
        var creation = new Creation(changes, [resolved], changes.Title ?? parent.Title, changes.Labels ?? GenerationResource.LabelsOf(parent)) { ParentId = parentId };
        return (await CreateMembersAsync(principal, creation, idempotencyId, cancellationToken))[0];
    }

    /// <summary>What one create request stores: the request as the caller sent it, its resolved members, and how they are linked and named.</summary>
    private sealed record Creation(MusicSpec Request, IReadOnlyList<ResolvedMusicSpec> Members, string? Title, IReadOnlyDictionary<string, string>? Labels)
    {
        public bool Batched { get; init; }

        public Guid? ParentId { get; init; }
    }

    private async Task<IReadOnlyList<GenerationView>> CreateMembersAsync(ApiKeyPrincipal principal, Creation creation, Guid? idempotencyId, CancellationToken cancellationToken)
    {
        var members = creation.Members;
        if (idempotencyId is { } reserved && await GetByIdempotencyIdAsync(principal.TenantId, reserved, cancellationToken) is { } earlier)
        {
            // A retry after the first attempt stored its jobs but died before its response was kept.
            return earlier;
        }

        var plan = await plans.FindAsync(principal.PlanId, cancellationToken);
        foreach (var resolved in members)
        {
            CheckPlanAllows(plan, principal, resolved);
        }

        var now = admission.Now();
        var request = JsonSerializer.Serialize(creation.Request, GatewayJson.Compact);
        var labels = JsonSerializer.Serialize(creation.Labels ?? new Dictionary<string, string>(), GatewayJson.Compact);
        var batchId = creation.Batched ? Guid.CreateVersion7(now) : (Guid?)null;
        // Version 7 ids made in one millisecond are random beyond it: sorted, they list (by creation, then id) in member order.
        var ids = members.Select(_ => Guid.CreateVersion7(now)).Order().ToList();
        var records = members.Select((resolved, i) =>
        {
            var record = admission.NewJob(principal, ids[i], now);
            record.Model = resolved.Model;
            record.Request = request;
            record.Resolved = StoredSpec.Write(resolved);
            record.Title = creation.Title;
            record.Labels = labels;
            record.BatchId = batchId;
            record.ParentId = creation.ParentId;
            record.EstimatedMs = GenerationEstimator.BillableMs(principal.Livemode, resolved);
            return record;
        }).ToList();

        if (!await admission.AdmitAsync(records, [.. members.Select(m => m.DurationMs)], plan?.Priority ?? 0, idempotencyId, cancellationToken))
        {
            return await GetByIdempotencyIdAsync(principal.TenantId, idempotencyId!.Value, cancellationToken) ?? throw new InvalidOperationException("the jobs stored under this reservation vanished");
        }

        return records.Select(r => new GenerationView(r, [])).ToList();
    }

    /// <summary>The jobs an earlier attempt stored under the reservation: its one job, or every member of its batch.</summary>
    private async Task<IReadOnlyList<GenerationView>?> GetByIdempotencyIdAsync(Guid tenantId, Guid idempotencyId, CancellationToken cancellationToken)
    {
        var record = await repository.GetByIdempotencyIdAsync(tenantId, idempotencyId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        if (record.BatchId is not { } batchId)
        {
            return await GetAsync(tenantId, record.Id, cancellationToken) is { } view ? [view] : null;
        }

        var (members, _) = await ListAsync(tenantId, new GenerationListRequest { BatchId = batchId.ToString(), Sort = "created_at", Limit = Variations.Max }, cancellationToken);
        return members;
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
    /// <param name="kind">The kind of job <paramref name="id"/> must be (<see cref="GenerationKinds"/>); adaptive sets cancel through here too.</param>
    public async Task<GenerationView?> CancelAsync(Guid tenantId, Guid id, CancellationToken cancellationToken, string kind = GenerationKinds.Track)
    {
        var previous = await repository.CancelAsync(tenantId, id, timeProvider.GetUtcNow(), cancellationToken, kind);
        if (previous is null)
        {
            var existing = await repository.GetAsync(tenantId, id, cancellationToken, kind);
            return existing is null ? null : throw new GenerationConflictException($"the generation already finished with status {existing.Status}");
        }

        if (previous == GenerationStatuses.Running)
        {
            // The row already says canceled; stopping the host's work is best effort.
            await dispatcher.CancelAsync(id, cancellationToken);
        }

        hub.Finish(id);
        return kind == GenerationKinds.Track ? await GetAsync(tenantId, id, cancellationToken)
            : await repository.GetAsync(tenantId, id, cancellationToken, kind) is { } record ? new GenerationView(record, []) : null;
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
