using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mureka.Spec.Music;

/// <summary>Keys travel as their names ("F# minor"), the same spelling requests accept.</summary>
public sealed class MusicalKeyJsonConverter : JsonConverter<MusicalKey>
{
    public override MusicalKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        MusicalKey.TryParse(reader.GetString(), out var key) ? key : throw new JsonException("Not a key.");

    public override void Write(Utf8JsonWriter writer, MusicalKey value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Name);
}
