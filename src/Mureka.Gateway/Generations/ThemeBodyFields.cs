using System.Text.Json;
using Mureka.Spec;
using Mureka.Spec.Themes;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Names what is wrong inside a <c>theme</c> object that does not deserialise, field by field (<c>theme.midi</c> is
/// not base64, <c>theme.tempo</c> is unknown…), instead of calling the whole object the wrong type.
/// </summary>
internal static class ThemeBodyFields
{
    public const string Name = "theme";

    public static IEnumerable<FieldError> Problems(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            yield return new FieldError(Name, "must be an object: {\"midi\": \"<base64 Standard MIDI File>\"} or {\"abc\": \"<ABC notation>\"}, with an optional \"track\"");
            yield break;
        }

        foreach (var property in value.EnumerateObject())
        {
            var field = $"{Name}.{property.Name}";
            switch (property.Name)
            {
                case "midi" when property.Value.ValueKind != JsonValueKind.String:
                    yield return new FieldError(ThemeReader.MidiField, "must be a string: the MIDI file in base64");
                    break;
                case "midi" when !property.Value.TryGetBytesFromBase64(out _):
                    yield return new FieldError(ThemeReader.MidiField, "is not valid base64");
                    break;
                case "abc" or "track" when property.Value.ValueKind != JsonValueKind.String:
                    yield return new FieldError(field, "must be a string");
                    break;
                case "midi" or "abc" or "track":
                    break;
                default:
                    yield return new FieldError(field, "unknown field; a theme has midi or abc, and track");
                    break;
            }
        }
    }
}
