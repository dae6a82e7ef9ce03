using System.Text.Json;

namespace Mureka.Spec.Adaptive;

/// <summary>
/// A <see cref="ResolvedAdaptiveSet"/> as snake_case JSON (<see cref="SpecJson"/>): the document a gateway stores for an
/// adaptive-set job and sends to the host that renders it, so both ends read one shape. Properties a reader does not
/// know (the computed <c>billed_milliseconds</c>, columns a store adds) are ignored on the way back.
/// </summary>
public static class ResolvedAdaptiveSetJson
{
    public static string Write(ResolvedAdaptiveSet set) => JsonSerializer.Serialize(set, SpecJson.Options);

    /// <exception cref="JsonException">Not a resolved set (broken JSON, a missing required property, a wrong type).</exception>
    public static ResolvedAdaptiveSet Read(string json) =>
        JsonSerializer.Deserialize<ResolvedAdaptiveSet>(json, SpecJson.Options) ?? throw new JsonException("the resolved set is null");

    /// <summary>
    /// The field rules every resolved spec of the set must meet (<see cref="ResolvedSpecValidator"/>), each problem named
    /// by where its spec sits, e.g. <c>states[1].spec.bpm</c>; empty when the set is complete and in range.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(ResolvedAdaptiveSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var errors = new List<FieldError>();
        if (set.States.Count is 0 or > AdaptiveLimits.MaxStates)
        {
            errors.Add(new FieldError("states", $"must hold 1 to {AdaptiveLimits.MaxStates} states (got {set.States.Count})"));
        }

        if (set.BilledMilliseconds > AdaptiveLimits.MaxTotalMs)
        {
            errors.Add(new FieldError("states", $"the set's audio must total at most {AdaptiveLimits.MaxTotalMs} ms (got {set.BilledMilliseconds})"));
        }

        var specs = set.States.Select((s, i) => ($"states[{i}]", s.Spec))
            .Concat(set.Transitions.Select((t, i) => ($"transitions[{i}]", t.Spec)))
            .Concat(set.Stingers.Select((s, i) => ($"stingers[{i}]", s.Spec)));
        foreach (var (path, spec) in specs)
        {
            errors.AddRange(ResolvedSpecValidator.Validate(spec).Select(e => new FieldError($"{path}.spec.{e.Field}", e.Message)));
        }

        return errors;
    }
}
