using System.Text.Json;
using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>
/// The <c>resolved</c> column of <c>generations</c>: the <see cref="ResolvedMusicSpec"/> as snake_case JSON (SQL reads
/// fields such as <c>resolved->>'duration_ms'</c>), written once when the job is created and read wherever it is used.
/// </summary>
public static class StoredSpec
{
    public static string Write(ResolvedMusicSpec spec) => JsonSerializer.Serialize(spec, GatewayJson.Compact);

    public static ResolvedMusicSpec Read(string json) =>
        JsonSerializer.Deserialize<ResolvedMusicSpec>(json, GatewayJson.Compact) ?? throw new JsonException("the stored resolved spec is null");
}
