using System.Text.Json;
using Mureka.Accounts;
using Mureka.Gateway.Data;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Limits;
using Mureka.Spec;
using Mureka.Spec.Adaptive;

namespace Mureka.Gateway.AdaptiveSets;

/// <summary>
/// Adaptive sets behind both public APIs: resolved once here, stored as a job of kind <c>adaptive_set</c> and admitted
/// through <see cref="JobAdmission"/>, so queueing, leases, quotas, billing and webhooks are the generations' own.
/// </summary>
public sealed class AdaptiveSetService(
    GenerationRepository repository,
    GenerationService generations,
    GenerationEstimator estimator,
    JobAdmission admission,
    GenerationEventHub hub,
    PlanCatalog plans)
{
    /// <exception cref="RequestValidationException">Every invalid field (the plan's bounds included), named as on the wire.</exception>
    /// <exception cref="DispatchRejectedException">Overloaded or no host; nothing was kept.</exception>
    /// <exception cref="LimitExceededException">The plan's quota or concurrency limit; nothing was kept.</exception>
    /// <param name="idempotencyId">The Idempotency-Key reservation of the request, if any: at most one set is stored per reservation.</param>
    public async Task<AdaptiveSetResource> CreateAsync(ApiKeyPrincipal principal, AdaptiveSetSpec spec, Guid? idempotencyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (idempotencyId is { } reserved && await GetByIdempotencyIdAsync(principal.TenantId, reserved, cancellationToken) is { } earlier)
        {
            // A retry after the first attempt stored its set but died before its response was kept.
            return earlier;
        }

        var (set, plan) = await ResolveAsync(principal, spec, cancellationToken);
        var now = admission.Now();
        var billedMs = set.BilledMilliseconds;
        var record = admission.NewJob(principal, Guid.CreateVersion7(now), now);
        record.Kind = GenerationKinds.AdaptiveSet;
        record.Model = set.Model;
        record.Request = JsonSerializer.Serialize(spec, GatewayJson.Compact);
        record.Resolved = StoredAdaptiveSet.Write(set);
        record.Title = spec.Title;
        record.EstimatedMs = AdaptiveSetPlan.BillableMs(principal, set);

        // The set reserves, and tells the batcher, what it bills: the length of everything it renders.
        if (!await admission.AdmitAsync([record], [(int)billedMs], plan?.Priority ?? 0, idempotencyId, cancellationToken))
        {
            return await GetByIdempotencyIdAsync(principal.TenantId, idempotencyId!.Value, cancellationToken) ?? throw new InvalidOperationException("the set stored under this reservation vanished");
        }

        return AdaptiveSetResource.From(new GenerationView(record, []), null);
    }

    /// <summary>Prices a set without storing anything: the same resolution and plan checks as a create.</summary>
    /// <exception cref="RequestValidationException">Every invalid field, as a create would report them.</exception>
    public async Task<AdaptiveSetEstimate> EstimateAsync(ApiKeyPrincipal principal, AdaptiveSetSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var (set, plan) = await ResolveAsync(principal, spec, cancellationToken);
        var billableMs = AdaptiveSetPlan.BillableMs(principal, set);
        var (price, quota) = await estimator.PriceAsync(principal, plan, billableMs, cancellationToken);
        return new AdaptiveSetEstimate(AdaptiveSetSummary.From(set), principal.Livemode, billableMs / 1000.0, price, quota);
    }

    /// <returns>Null when the tenant has no such set.</returns>
    public async Task<AdaptiveSetResource?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        await GetViewAsync(tenantId, id, cancellationToken) is { } view ? AdaptiveSetResource.From(view, ProgressOf(view.Record)) : null;

    /// <summary>The set's row and stored archive, for downloads.</summary>
    /// <returns>Null when the tenant has no such set.</returns>
    public async Task<GenerationView?> GetViewAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        var record = await repository.GetAsync(tenantId, id, cancellationToken, GenerationKinds.AdaptiveSet);
        if (record is null)
        {
            return null;
        }

        var audio = record.Status == GenerationStatuses.Succeeded ? await repository.ListAudioAsync([id], cancellationToken) : [];
        return new GenerationView(record, audio);
    }

    /// <returns>Null when the tenant has no such set.</returns>
    /// <exception cref="GenerationConflictException">It already finished.</exception>
    public async Task<AdaptiveSetResource?> CancelAsync(Guid tenantId, Guid id, CancellationToken cancellationToken)
    {
        if (await generations.CancelAsync(tenantId, id, cancellationToken, GenerationKinds.AdaptiveSet) is null)
        {
            return null;
        }

        return await GetAsync(tenantId, id, cancellationToken);
    }

    private async Task<(ResolvedAdaptiveSet Set, PlanLimits? Plan)> ResolveAsync(ApiKeyPrincipal principal, AdaptiveSetSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var set = AdaptiveSetResolver.Resolve(spec);
        var plan = await plans.FindAsync(principal.PlanId, cancellationToken);
        AdaptiveSetPlan.Check(plan, set);
        return (set, plan);
    }

    private async Task<AdaptiveSetResource?> GetByIdempotencyIdAsync(Guid tenantId, Guid idempotencyId, CancellationToken cancellationToken)
    {
        var record = await repository.GetByIdempotencyIdAsync(tenantId, idempotencyId, cancellationToken);
        return record is { IsAdaptiveSet: true } ? await GetAsync(tenantId, record.Id, cancellationToken) : null;
    }

    private AdaptiveSetProgress? ProgressOf(GenerationRecord record) =>
        record.Status == GenerationStatuses.Running && hub.ProgressOf(record.Id) is { } p ? new AdaptiveSetProgress(p.Stage, p.Fraction) : null;
}
