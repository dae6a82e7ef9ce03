using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>
/// What a request would render and cost, before anything renders: the resolved spec, the seconds it would bill,
/// their price at the plan's list price, and where the tenant stands against its quota.
/// </summary>
/// <param name="BillableSeconds">The resolved length for a live key (what a success meters); 0 for a test key, which is never billed.</param>
/// <param name="Price">Null when no price is known here for the plan (see <c>mureka admin plans price</c>).</param>
public sealed record GenerationEstimate(ResolvedMusicSpec Resolved, bool Livemode, double BillableSeconds, EstimatePrice? Price, EstimateQuota Quota);

/// <param name="Currency">ISO 4217, lower case, as Stripe writes it.</param>
/// <param name="Amount">Billable seconds times the price per second, unrounded (Stripe rounds once per invoice).</param>
public sealed record EstimatePrice(string Currency, decimal PerSecond, decimal Amount);

/// <param name="UsedSeconds">Settled this period plus reserved by open jobs.</param>
/// <param name="WithinQuota">Whether the request fits what is left (always true for a test key or a plan that bills overage).</param>
public sealed record EstimateQuota(double LimitSeconds, double UsedSeconds, double RemainingSeconds, string OveragePolicy, bool WithinQuota);
