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

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
