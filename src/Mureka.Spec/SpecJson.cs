using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mureka.Spec;

/// <summary>
/// The JSON shape of specs on every wire: snake_case names, unset fields left out. A <see cref="MusicSpec"/> written
/// this way is the REST body of <c>POST /v1/generations</c>; a <see cref="ResolvedMusicSpec"/> is the stored
/// <c>resolved</c> document. Keys, metres and formats carry their own converters, so any snake_case options agree.
/// </summary>
public static class SpecJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the spec's naming and null handling to options that may add stricter rules of their own.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
