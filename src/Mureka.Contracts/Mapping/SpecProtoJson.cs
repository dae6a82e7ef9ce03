using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Google.Protobuf;
using Mureka.Spec;

namespace Mureka.Contracts;

/// <summary>
/// Proto messages that mirror a spec field for field map through the protobuf JSON mapping with the proto's own
/// (snake_case) field names, which is exactly the spec's JSON. A field added to both the spec and the message therefore
/// maps without touching a mapper; a field added to only one of them fails the mapping tests instead of vanishing.
/// </summary>
internal static class SpecProtoJson
{
    private static readonly JsonFormatter.Settings Names = JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true);

    // A message whose fields have no presence (a resolved spec) must write its zero values too: the spec requires them all.
    private static readonly JsonFormatter SetFields = new(Names);
    private static readonly JsonFormatter AllFields = new(Names.WithFormatDefaultValues(true));

    // The protobuf JSON mapping writes 64-bit integers as strings and non-finite doubles as "NaN"/"Infinity".
    private static readonly JsonSerializerOptions ReadOptions = CreateReadOptions();

    /// <summary>
    /// The message as a spec object. Fields with presence (proto3 <c>optional</c>) appear only when set, so an unset
    /// one stays null; other fields appear when non-zero, or always with <paramref name="allFields"/>.
    /// <paramref name="adjust"/> rewrites the few values whose proto type differs.
    /// </summary>
    public static T ToSpec<T>(IMessage message, bool allFields = false, Action<JsonObject>? adjust = null)
    {
        var json = JsonNode.Parse((allFields ? AllFields : SetFields).Format(message))?.AsObject() ?? throw new InvalidOperationException($"{message.Descriptor.FullName} formatted as null");
        adjust?.Invoke(json);
        return json.Deserialize<T>(ReadOptions) ?? throw new InvalidOperationException($"{message.Descriptor.FullName} mapped to null");
    }

    /// <summary>The spec as a message; <paramref name="adjust"/> rewrites the few values whose proto type differs.</summary>
    public static T ToProto<T>(object spec, Action<JsonObject>? adjust = null)
        where T : IMessage<T>, new()
    {
        var json = JsonSerializer.SerializeToNode(spec, SpecJson.Options)?.AsObject() ?? throw new ArgumentNullException(nameof(spec));
        adjust?.Invoke(json);
        return JsonParser.Default.Parse<T>(json.ToJsonString());
    }

    private static JsonSerializerOptions CreateReadOptions()
    {
        var options = new JsonSerializerOptions(SpecJson.Options)
        {
            NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
