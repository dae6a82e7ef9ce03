using Mureka.Accounts;
using Mureka.Gateway.Limits;
using Mureka.Spec;
using Mureka.Spec.Timing;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Prices a request without storing anything: the same resolution and plan checks as a create, so an estimate is
/// refused for exactly what a create would be refused for (the quota aside, which it reports instead).
/// </summary>
public sealed class GenerationEstimator(PlanCatalog plans, LimitsRepository limits, TimeProvider timeProvider)
{
    /// <exception cref="RequestValidationException">Every invalid field, as a create would report them.</exception>
    public Task<GenerationEstimate> EstimateAsync(ApiKeyPrincipal principal, MusicSpec spec, CancellationToken cancellationToken) =>
        EstimateResolvedAsync(principal, SpecAdmission.Resolve(spec), cancellationToken);

    /// <summary>Prices a spec already resolved (an extension's, from its parent), with the plan checks a create makes.</summary>
    public async Task<GenerationEstimate> EstimateResolvedAsync(ApiKeyPrincipal principal, ResolvedMusicSpec resolved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(resolved);
        var plan = await plans.FindAsync(principal.PlanId, cancellationToken);
        GenerationService.CheckPlanAllows(plan, principal, resolved);

        var billableMs = BillableMs(principal.Livemode, resolved);
        var (price, quota) = await PriceAsync(principal, plan, billableMs, cancellationToken);
        return new GenerationEstimate(resolved, principal.Livemode, billableMs / 1000.0, price, quota);
    }

    /// <summary>The price of <paramref name="billableMs"/> on the plan, and where the tenant stands against its quota with it: any job's estimate.</summary>
    public async Task<(EstimatePrice? Price, EstimateQuota Quota)> PriceAsync(ApiKeyPrincipal principal, PlanLimits? plan, long billableMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var usage = await limits.GetQuotaUsageAsync(principal.TenantId, BillingPeriod.Containing(timeProvider.GetUtcNow()), cancellationToken);
        var limitMs = plan?.QuotaMs ?? 0;
        var policy = plan?.OveragePolicy ?? OveragePolicies.Block;
        var within = !principal.Livemode || policy == OveragePolicies.Bill || usage.UsedMs + billableMs <= limitMs;
        var quota = new EstimateQuota(limitMs / 1000.0, usage.UsedMs / 1000.0, Math.Max(0, limitMs - usage.UsedMs) / 1000.0, policy, within);
        var seconds = billableMs / 1000m;
        var price = plan is { Currency: { } currency, PricePerSecond: { } perSecond } ? new EstimatePrice(currency, perSecond, perSecond * seconds) : null;
        return (price, quota);
    }

    /// <summary>
    /// What a success meters: the rendered length for a live key (the requested length of a piece; the whole bars of a
    /// loop; what an extension adds, <see cref="RenderedLength"/>); nothing for a test key.
    /// </summary>
    public static long BillableMs(bool livemode, ResolvedMusicSpec resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        return livemode ? RenderedLength.BilledMilliseconds(resolved) : 0;
    }
}
