using System.Text.Json.Nodes;
using Mureka.Spec;
using Mureka.Spec.Adaptive;

namespace Mureka.Gateway.AdaptiveSets;

/// <summary>
/// The <c>resolved</c> column of an adaptive-set job: the <see cref="ResolvedAdaptiveSet"/> as the spec writes it
/// (<see cref="ResolvedAdaptiveSetJson"/>, also what the host receives), plus <c>duration_ms</c>, the milliseconds it
/// bills: queueing and quota reservations read a job's length from that field whatever its kind.
/// </summary>
public static class StoredAdaptiveSet
{
    public static string Write(ResolvedAdaptiveSet set)
    {
        var document = JsonNode.Parse(ResolvedAdaptiveSetJson.Write(set))!.AsObject();
        document["duration_ms"] = set.BilledMilliseconds;
        return document.ToJsonString(SpecJson.Options);
    }

    /// <summary>The set as stored; the extra field is ignored.</summary>
    public static ResolvedAdaptiveSet Read(string json) => ResolvedAdaptiveSetJson.Read(json);
}
