using Mureka.Accounts;
using Mureka.Gateway.Limits;
using Mureka.Spec;
using Mureka.Spec.Adaptive;

namespace Mureka.Gateway.AdaptiveSets;

/// <summary>What a plan asks of an adaptive set beyond the set's own rules: how many states, how many seconds in all.</summary>
internal static class AdaptiveSetPlan
{
    /// <exception cref="RequestValidationException">Every bound the set exceeds, named by the field that sets it.</exception>
    public static void Check(PlanLimits? plan, ResolvedAdaptiveSet set)
    {
        if (plan is null)
        {
            return;
        }

        var errors = new List<FieldError>();
        if (plan.MaxAdaptiveStates is { } maxStates && set.States.Count > maxStates)
        {
            errors.Add(new FieldError("states", $"must hold at most {maxStates} states on the {plan.Name} plan (got {set.States.Count})"));
        }

        if (plan.MaxAdaptiveSetMs is { } maxMs && set.BilledMilliseconds > maxMs)
        {
            // No single field sets the total: it is every state's bars, the transitions and the stingers together.
            errors.Add(new FieldError("states", $"the set's audio must total at most {maxMs} ms on the {plan.Name} plan (got {set.BilledMilliseconds} ms of states, transitions and stingers); ask for fewer or shorter states, transitions or stingers"));
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }

    /// <summary>What a success meters: the set's billed length for a live key; nothing for a test key.</summary>
    public static long BillableMs(ApiKeyPrincipal principal, ResolvedAdaptiveSet set) => principal.Livemode ? set.BilledMilliseconds : 0;
}
