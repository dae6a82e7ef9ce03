using NJsonSchema;
using NJsonSchema.Visitors;

namespace Mureka.Sdk.Generator;

/// <summary>
/// Turns closed enums into their plain type (string or integer) and lists the allowed values in the
/// documentation instead. Two reasons: a client built today must still read a response carrying a
/// value added later (a new genre or status), and NSwag's System.Text.Json enums are written with
/// <c>[EnumMember]</c>, which System.Text.Json ignores, so "lofi-hip-hop" would go out as "LofiHipHop".
/// The server validates every value and names the field when one is wrong.
/// </summary>
internal sealed class OpenEnumsVisitor : JsonSchemaVisitorBase
{
    protected override JsonSchema VisitSchema(JsonSchema schema, string path, string? typeNameHint)
    {
        if (schema.Enumeration.Count > 0 && (schema.Type.HasFlag(JsonObjectType.String) || schema.Type.HasFlag(JsonObjectType.Integer)))
        {
            var values = string.Join(", ", schema.Enumeration.Select(v => v?.ToString() ?? "null"));
            schema.Description = string.IsNullOrWhiteSpace(schema.Description) ? $"One of: {values}." : $"{schema.Description.TrimEnd()} One of: {values}.";
            schema.Enumeration.Clear();
            schema.EnumerationNames.Clear();
        }

        return schema;
    }
}
