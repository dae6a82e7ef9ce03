using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mureka.Spec.Music;

/// <summary>Time signatures travel as "3/4".</summary>
public sealed class TimeSignatureJsonConverter : JsonConverter<TimeSignature>
{
    public override TimeSignature Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeSignature.TryParse(reader.GetString(), out var meter) ? meter : throw new JsonException("Not a supported time signature.");

    public override void Write(Utf8JsonWriter writer, TimeSignature value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
