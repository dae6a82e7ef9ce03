using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mureka.Sdk;

public partial class MurekaApiClient
{
    // Every request field is optional and the server refuses nothing it does not know, but an explicit
    // null is still a value: leave unset fields out so the server's defaults apply.
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings) =>
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;

    /// <summary>The options the generated client reads responses with, for bodies the helper reads itself (event data).</summary>
    internal static JsonSerializerOptions SharedJsonOptions => _settings.Value;
}
