using System.Globalization;
using System.Text.Json.Nodes;
using Mureka.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mureka.Gateway.Tests.Support;

/// <summary>openapi.yaml as a JSON tree (YAML 1.2 core scalars typed), with <c>$ref</c> resolution.</summary>
public sealed class OpenApiSpec(JsonObject root)
{
    public JsonObject Root { get; } = root;

    public static string CommittedPath => Path.Combine(RepositoryLayout.Root, "openapi.yaml");

    public static OpenApiSpec LoadCommitted() => Parse(File.ReadAllText(CommittedPath));

    public static OpenApiSpec Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new OpenApiSpec((JsonObject)ToJson(stream.Documents[0].RootNode)!);
    }

    /// <summary>The operations: (METHOD, path) → operation object.</summary>
    public IEnumerable<(string Method, string Path, JsonObject Operation)> Operations()
    {
        foreach (var (path, item) in Root["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "get" or "put" or "post" or "delete" or "patch" or "head" or "options")
                {
                    yield return (method.ToUpperInvariant(), path, operation!.AsObject());
                }
            }
        }
    }

    /// <summary>Follows a local <c>$ref</c> chain ("#/components/…"); other nodes come back as they are.</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        for (var hops = 0; node is JsonObject o && o["$ref"]?.GetValue<string>() is { } reference; hops++)
        {
            if (hops > 16 || !reference.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("unresolvable $ref " + reference);
            }

            node = Root;
            foreach (var part in reference[2..].Split('/'))
            {
                node = node?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }
        }

        return node;
    }

    /// <summary>The operation's parameters (path-level ones first), resolved.</summary>
    public IEnumerable<JsonObject> Parameters(string path, JsonObject operation)
    {
        var shared = Root["paths"]![path]!["parameters"]?.AsArray() ?? [];
        var own = operation["parameters"]?.AsArray() ?? [];
        return shared.Concat(own).Select(p => Resolve(p)!.AsObject());
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException("unsupported YAML node " + node.NodeType),
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null")
        {
            return null;
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}
