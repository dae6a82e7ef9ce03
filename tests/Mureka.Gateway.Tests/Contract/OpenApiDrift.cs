using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Tests.Support;
using Mureka.Spec;

namespace Mureka.Gateway.Tests.Contract;

/// <summary>Lists every way openapi.yaml and the code's API descriptions disagree, as one line each.</summary>
public static class OpenApiDrift
{
    public static IReadOnlyList<string> Compare(OpenApiSpec spec, IReadOnlyList<CodeOperation> code)
    {
        var differences = new List<string>();
        var specOps = spec.Operations().ToDictionary(o => (o.Method, o.Path), o => o.Operation);
        var codeOps = code.ToDictionary(o => (o.Method, o.Path));

        foreach (var key in specOps.Keys.Except(codeOps.Keys).Order())
        {
            differences.Add($"{key.Method} {key.Path}: in openapi.yaml but no such endpoint in the code");
        }

        foreach (var (key, op) in codeOps.OrderBy(k => k.Key.Path, StringComparer.Ordinal))
        {
            if (!specOps.TryGetValue(key, out var specOp))
            {
                differences.Add($"{key.Method} {key.Path}: endpoint '{op.OperationId}' is not in openapi.yaml");
                continue;
            }

            CompareOperation(spec, op, specOp, $"{key.Method} {key.Path}", differences);
        }

        return differences;
    }

    private static void CompareOperation(OpenApiSpec spec, CodeOperation op, JsonObject specOp, string where, List<string> differences)
    {
        Same(where, "operationId", op.OperationId, specOp["operationId"]?.GetValue<string>(), differences);
        Same(where, "summary", op.Summary, specOp["summary"]?.GetValue<string>(), differences);
        var specTags = specOp["tags"]?.AsArray().Select(t => t!.GetValue<string>()).Order().ToList() ?? [];
        if (!specTags.SequenceEqual(op.Tags.Order()))
        {
            differences.Add($"{where}: tags are [{string.Join(", ", op.Tags)}] in the code, [{string.Join(", ", specTags)}] in openapi.yaml");
        }

        var anonymous = specOp["security"] is JsonArray { Count: 0 };
        if (op.RequiresApiKey == anonymous)
        {
            differences.Add(op.RequiresApiKey ? $"{where}: requires an API key but openapi.yaml says `security: []`" : $"{where}: is anonymous; openapi.yaml needs `security: []`");
        }

        CompareParameters(spec, op, specOp, where, differences);
        CompareResponses(spec, op, specOp, where, differences);
        if (op.RequestBody is { } bodyType)
        {
            var schema = spec.Resolve(specOp["requestBody"] is { } rb ? spec.Resolve(rb)?["content"]?["application/json"]?["schema"] : null);
            if (schema is null)
            {
                differences.Add($"{where}: takes a JSON body ({bodyType.Name}) that openapi.yaml does not describe");
            }
            else
            {
                CompareProperties(spec, bodyType, schema.AsObject(), $"{where} request body", differences, depth: 0);
            }
        }

        // The bodies that carry a spec are read raw (field-precise errors), so their fields come from the reader.
        if (op.OperationId is "createGeneration" or "createVariations" or "createVersion" or "extendGeneration" or "estimateExtension")
        {
            var schema = spec.Resolve(spec.Resolve(specOp["requestBody"])?["content"]?["application/json"]?["schema"])?.AsObject();
            if (op.OperationId == "createVariations")
            {
                var envelope = schema?["properties"]?.AsObject().Select(p => p.Key).Order().ToList() ?? [];
                if (!envelope.SequenceEqual(["n", "spec"]))
                {
                    differences.Add($"{where}: request fields are [n, spec] in the code, [{string.Join(", ", envelope)}] in openapi.yaml");
                }

                schema = spec.Resolve(schema?["properties"]?["spec"])?.AsObject();
            }

            var specFields = schema?["properties"]?.AsObject().Select(p => p.Key).Order().ToList() ?? [];
            var codeFields = SpecBodyReaderFields().Order().ToList();
            if (op.OperationId == "createVersion")
            {
                // A version's body is read as a spec, and every field but these is refused by name.
                codeFields = [.. Mureka.Gateway.Generations.Versions.Changeable.Order(StringComparer.Ordinal)];
            }
            else if (op.OperationId is "extendGeneration" or "estimateExtension")
            {
                codeFields = [.. Mureka.Gateway.Generations.Extensions.Changeable.Order(StringComparer.Ordinal)];
            }

            if (!specFields.SequenceEqual(codeFields))
            {
                differences.Add($"{where}: request fields are [{string.Join(", ", codeFields)}] in the code, [{string.Join(", ", specFields)}] in openapi.yaml");
            }
        }
    }

    private static void CompareParameters(OpenApiSpec spec, CodeOperation op, JsonObject specOp, string where, List<string> differences)
    {
        var specParams = spec.Parameters(op.Path, specOp)
            .Select(p => (In: p["in"]!.GetValue<string>(), Name: p["name"]!.GetValue<string>(), Required: p["required"]?.GetValue<bool>() ?? false))
            .ToList();
        foreach (var p in op.Parameters)
        {
            var match = specParams.FirstOrDefault(s => s.In == p.In && string.Equals(s.Name, p.Name, p.In == "header" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
            if (match.Name is null)
            {
                differences.Add($"{where}: {p.In} parameter '{p.Name}' is not in openapi.yaml");
            }
            else if (match.Required != p.Required)
            {
                differences.Add($"{where}: {p.In} parameter '{p.Name}' is {(p.Required ? "required" : "optional")} in the code");
            }
        }

        // Headers the handler reads itself (Prefer, Range) are documented without being bound, so only path and query must match both ways.
        foreach (var s in specParams.Where(s => s.In is "path" or "query"))
        {
            if (!op.Parameters.Any(p => p.In == s.In && p.Name == s.Name))
            {
                differences.Add($"{where}: {s.In} parameter '{s.Name}' is in openapi.yaml but not in the code");
            }
        }
    }

    private static void CompareResponses(OpenApiSpec spec, CodeOperation op, JsonObject specOp, string where, List<string> differences)
    {
        var specResponses = specOp["responses"]?.AsObject() ?? [];
        var specStatuses = specResponses.Select(r => r.Key).Where(k => k != "default").Order().ToList();
        var codeStatuses = op.Responses.Select(r => r.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        foreach (var missing in codeStatuses.Except(specStatuses))
        {
            differences.Add($"{where}: status {missing} is declared in the code ([ProducesResponseType]) but not in openapi.yaml");
        }

        foreach (var extra in specStatuses.Except(codeStatuses))
        {
            differences.Add($"{where}: status {extra} is in openapi.yaml but the code does not declare it ([ProducesResponseType])");
        }

        foreach (var response in op.Responses)
        {
            var specResponse = spec.Resolve(specResponses[response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (specResponse is null)
            {
                continue;
            }

            var content = specResponse["content"]?.AsObject();
            if (response.IsProblem)
            {
                if (content?.ContainsKey("application/problem+json") != true)
                {
                    differences.Add($"{where}: status {response.Status} must be documented as application/problem+json");
                }

                continue;
            }

            foreach (var contentType in response.ContentTypes.Where(c => content?.ContainsKey(c) != true))
            {
                differences.Add($"{where}: status {response.Status} content type {contentType} is not in openapi.yaml");
            }

            if (response.Type is { } type && response.ContentTypes.Contains("application/json")
                && spec.Resolve(content?["application/json"]?["schema"]) is JsonObject schema)
            {
                CompareProperties(spec, type, schema, $"{where} {response.Status}", differences, depth: 0);
            }
        }
    }

    /// <summary>The snake_case JSON property names of a type against the schema's properties, recursing into nested objects.</summary>
    private static void CompareProperties(OpenApiSpec spec, Type type, JsonObject schema, string where, List<string> differences, int depth)
    {
        if (depth > 4)
        {
            return;
        }

        if (schema["properties"] is not JsonObject properties)
        {
            // A placeholder schema (e.g. a sync.sh stub) must be filled in before the spec counts as in step.
            differences.Add($"{where}: the schema of {type.Name} lists no properties");
            return;
        }

        var codeProps = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));
        foreach (var missing in codeProps.Keys.Except(properties.Select(p => p.Key)).Order())
        {
            differences.Add($"{where}: property '{missing}' of {type.Name} is not in the schema");
        }

        foreach (var extra in properties.Select(p => p.Key).Except(codeProps.Keys).Order())
        {
            differences.Add($"{where}: schema property '{extra}' does not exist on {type.Name}");
        }

        foreach (var (name, property) in codeProps)
        {
            var propertySchema = spec.Resolve(properties[name]);
            var (propertyType, itemSchema) = ElementOf(property.PropertyType) is { } element
                ? (element, spec.Resolve(propertySchema?["items"]))
                : (property.PropertyType, propertySchema);
            if (IsObject(propertyType) && itemSchema is JsonObject nested)
            {
                CompareProperties(spec, propertyType, nested, $"{where}.{name}", differences, depth + 1);
            }
        }
    }

    private static Type? ElementOf(Type type) =>
        type != typeof(string) && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } enumerable
            ? enumerable.GetGenericArguments()[0]
            : null;

    private static bool IsObject(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) && type.Namespace?.StartsWith("Mureka", StringComparison.Ordinal) == true;

    private static IEnumerable<string> SpecBodyReaderFields() =>
        typeof(MusicSpec).GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));

    private static void Same(string where, string what, string? code, string? spec, List<string> differences)
    {
        if (!string.Equals(code, spec, StringComparison.Ordinal))
        {
            differences.Add($"{where}: {what} is '{code}' in the code, '{spec}' in openapi.yaml");
        }
    }
}
