using System.Text.Json.Nodes;
using Mureka.Contracts.Api.V1;

namespace Mureka.Contracts.Mapping;

public static class AdaptiveSetSpecMapping
{
    /// <summary>
    /// The wire request as the spec the REST body reads into. The transition and stinger lists are wrapped on the wire so
    /// that "unset" (all of them) and "set and empty" (none) stay apart; they are unwrapped into the spec's plain lists.
    /// </summary>
    public static Spec.Adaptive.AdaptiveSetSpec ToAdaptiveSetSpec(this Api.V1.AdaptiveSetSpec? spec) =>
        spec is null ? new Spec.Adaptive.AdaptiveSetSpec() : SpecProtoJson.ToSpec<Spec.Adaptive.AdaptiveSetSpec>(spec, adjust: json =>
        {
            Unwrap(json, "transitions", "items", spec.Transitions is not null);
            Unwrap(json, "stingers", "kinds", spec.Stingers is not null);
        });

    private static void Unwrap(JsonObject json, string field, string items, bool present)
    {
        if (!present)
        {
            json.Remove(field);
            return;
        }

        var list = json[field]?[items]?.DeepClone() ?? new JsonArray();
        json[field] = list;
    }
}
