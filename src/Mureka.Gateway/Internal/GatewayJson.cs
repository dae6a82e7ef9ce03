using System.Text.Json;
using System.Text.Json.Serialization;
using Mureka.Spec;

namespace Mureka.Gateway;

/// <summary>The wire JSON: snake_case, nulls omitted, unknown properties refused.</summary>
internal static class GatewayJson
{
    public static JsonSerializerOptions Compact { get; } = Create();

    public static void Configure(JsonSerializerOptions options)
    {
        // The spec's own JSON shape (REST bodies and stored specs are spec types), refusing what it does not know.
        SpecJson.Configure(options);
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
