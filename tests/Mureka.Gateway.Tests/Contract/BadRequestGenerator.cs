using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Contract;

/// <summary>
/// Generates bad requests for every operation in openapi.yaml from the operation's own description: its path,
/// query and header parameters, its JSON body schema (types, bounds, enums, lengths) and its security.
/// Seeded, so a failure repeats exactly.
/// </summary>
public sealed class BadRequestGenerator(OpenApiSpec spec, int seed, IReadOnlyDictionary<string, string> validPathValues)
{
    private static readonly string[] HostileStrings =
    [
        "", " ", "abc", "null", "-1", "0", "1e309", "NaN", "../../etc/passwd", "%00", "'; drop table generations; --",
        "<script>alert(1)</script>", "ünïcødé 🎵 音楽 \u202e", "\ud83c\udfb5\ud83c\udfb6", "\t\n", "00000000-0000-0000-0000-000000000000",
        "{\"a\":1}", "[1,2]", "true", "${jndi:ldap://x}", "\\u0000",
    ];

    private static readonly string[] HostileHeaderValues =
    [
        "", " ", "x", "wait=", "wait=-1", "wait=abc", "wait=99999999999999999999", "wait=5, wait=6", "respond-async",
        "bytes=", "bytes=5-1", "bytes=abc", "bytes=-0", "bytes=0-0,1-1,2-2,3-3", "bytes=999999999-", "items=0-1", "\"etag\"", "*", "W/\"x\"",
    ];

    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/octet-stream", "application/jsonx", "image/png",
    ];

    private static readonly string[] MalformedJson =
    [
        "{", "}", "[]", "\"text\"", "nul", "{\"genre\":}", "{\"genre\":\"jazz\",}", "{\"genre\" \"jazz\"}", "{'genre':'jazz'}",
        "{\"genre\":\"jazz\"} trailing", "\u00ef\u00bb\u00bf{}", "{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}",
        "{\"genre\":\"\\ud800\"}", "{\"bpm\":1e999}", "{\"seed\":-0}", "{\"duration_ms\":1.0e3}", "{\"prompt\":\"" + new string('x', 70_000) + "\"}",
    ];

    private readonly Random _random = new(seed);

    public IEnumerable<FuzzCase> Generate(int perOperation)
    {
        foreach (var (method, path, operation) in spec.Operations())
        {
            var cases = CasesFor(method, path, operation).ToList();
            for (var i = 0; i < perOperation; i++)
            {
                yield return cases[_random.Next(cases.Count)]();
            }
        }
    }

    private IEnumerable<Func<FuzzCase>> CasesFor(string method, string path, JsonObject operation)
    {
        var parameters = spec.Parameters(path, operation).ToList();
        var anonymous = operation["security"] is JsonArray { Count: 0 };
        var body = spec.Resolve(spec.Resolve(operation["requestBody"])?["content"]?["application/json"]?["schema"]) as JsonObject;

        if (!anonymous)
        {
            foreach (var auth in new[] { FuzzAuth.None, FuzzAuth.Garbage, FuzzAuth.WrongScheme, FuzzAuth.UnknownKey })
            {
                yield return () => Make($"auth {auth}", method, path, parameters, auth: auth);
            }
        }

        foreach (var p in parameters.Where(p => p["in"]!.GetValue<string>() == "path"))
        {
            var name = p["name"]!.GetValue<string>();
            yield return () => Make($"path {name}", method, path, parameters, pathOverride: (name, BadValue(spec.Resolve(p["schema"]))));
        }

        foreach (var p in parameters.Where(p => p["in"]!.GetValue<string>() == "query"))
        {
            var name = p["name"]!.GetValue<string>();
            yield return () => Make($"query {name}", method, path, parameters, query: [(name, BadValue(spec.Resolve(p["schema"])))]);
            yield return () => Make($"query {name} twice", method, path, parameters, query: [(name, "1"), (name, BadValue(spec.Resolve(p["schema"])))]);
        }

        yield return () => Make("unknown query", method, path, parameters, query: [(Pick(HostileStrings) is { Length: > 0 } q ? q : "x", Pick(HostileStrings))]);

        foreach (var p in parameters.Where(p => p["in"]!.GetValue<string>() == "header"))
        {
            var name = p["name"]!.GetValue<string>();
            yield return () => Make($"header {name}", method, path, parameters, headers: [new(name, BadHeaderValue(spec.Resolve(p["schema"])))]);
        }

        if (method == "POST")
        {
            yield return () => Make("Idempotency-Key", method, path, parameters, headers: [new("Idempotency-Key", BadHeaderValue(null))], body: body is null ? null : "{}");
        }

        if (body is not null)
        {
            var properties = body["properties"]?.AsObject().Select(p => (p.Key, Schema: spec.Resolve(p.Value) as JsonObject)).ToList() ?? [];
            yield return () => Make("body fields", method, path, parameters, body: BadBody(properties, 1));
            yield return () => Make("body fields x3", method, path, parameters, body: BadBody(properties, 3));
            yield return () => Make("body unknown field", method, path, parameters, body: $"{{\"{Escape(Pick(HostileStrings))}x\":1}}");
            yield return () => Make("malformed json", method, path, parameters, body: Pick(MalformedJson));
            yield return () => Make("content type", method, path, parameters, body: "{\"genre\":\"jazz\"}", contentType: Pick(WrongContentTypes));
            yield return () => Make("huge body", method, path, parameters, body: "{\"prompt\":\"" + new string('a', 197_000 + _random.Next(10_000)) + "\"}");
        }

        var wrongMethod = method == "GET" ? "DELETE" : "PUT";
        yield return () => Make("wrong method", wrongMethod, path, parameters);
    }

    private FuzzCase Make(
        string what, string method, string path, IReadOnlyList<JsonObject> parameters,
        FuzzAuth auth = FuzzAuth.ValidKey, (string Name, string Value)? pathOverride = null, IReadOnlyList<(string Name, string Value)>? query = null,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null, string? body = null, string? contentType = "application/json")
    {
        var url = path;
        foreach (var p in parameters.Where(p => p["in"]!.GetValue<string>() == "path"))
        {
            var name = p["name"]!.GetValue<string>();
            var value = pathOverride is { } o && o.Name == name ? o.Value : validPathValues.GetValueOrDefault(name, "x");
            url = url.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        if (query is { Count: > 0 })
        {
            url += "?" + string.Join("&", query.Select(q => Uri.EscapeDataString(q.Name) + "=" + Uri.EscapeDataString(q.Value)));
        }

        return new FuzzCase(what, method, url, auth, headers ?? [], body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : contentType);
    }

    /// <summary>A value the parameter's schema does not allow, or one at its edges.</summary>
    private string BadValue(JsonNode? schema)
    {
        var type = schema?["type"]?.GetValue<string>();
        var options = new List<string>(HostileStrings) { new('x', 5000), Guid.NewGuid().ToString() };
        if (type is "integer" or "number")
        {
            var min = NumberOf(schema?["minimum"]) ?? 0;
            var max = NumberOf(schema?["maximum"]) ?? 1000;
            options.AddRange([Num(min - 1), Num(max + 1), "1.5", "99999999999999999999", "-99999999999999999999", "0x10", "1,2"]);
        }

        if (schema?["enum"] is JsonArray values)
        {
            options.AddRange(values.Select(v => v!.ToString().ToUpperInvariant() + "x"));
        }

        return Pick(options);
    }

    private string BadHeaderValue(JsonNode? schema)
    {
        // Only what HTTP allows in a header (visible ASCII, space, tab): anything else Kestrel refuses before the app runs.
        var options = new List<string>(HostileHeaderValues) { new('k', 256), new('k', 4000), "key\twith tab", "a b" };
        if ((long?)NumberOf(schema?["maxLength"]) is { } maxLength)
        {
            options.Add(new string('z', (int)maxLength + 1));
        }

        return Pick(options);
    }

    private string BadBody(List<(string Key, JsonObject? Schema)> properties, int count)
    {
        var body = new JsonObject();
        for (var i = 0; i < count && properties.Count > 0; i++)
        {
            var (name, schema) = properties[_random.Next(properties.Count)];
            body[name] = BadJsonValue(schema);
        }

        return body.ToJsonString();
    }

    private JsonNode? BadJsonValue(JsonObject? schema)
    {
        var type = schema?["type"]?.GetValue<string>();
        var options = new List<Func<JsonNode?>>
        {
            () => null,
            () => JsonValue.Create(Pick(HostileStrings)),
            () => JsonValue.Create(_random.Next(2) == 0),
            () => new JsonObject { ["nested"] = 1 },
            () => new JsonArray(1, "two", null),
            () => JsonValue.Create(-1),
            () => JsonValue.Create(1.5),
            () => JsonValue.Create(1e300),
            () => JsonNode.Parse("123456789012345678901234567890"),
            () => JsonValue.Create(new string('s', 3000)),
        };
        if (type is "integer" or "number")
        {
            var min = NumberOf(schema?["minimum"]) ?? 0;
            var max = NumberOf(schema?["maximum"]) ?? 1000;
            options.AddRange([() => JsonValue.Create(min - 1), () => JsonValue.Create(max + 1), () => JsonValue.Create(Num(max))]);
        }

        if ((long?)NumberOf(schema?["maxLength"]) is { } maxLength)
        {
            options.Add(() => JsonValue.Create(new string('p', (int)maxLength + 1)));
        }

        if ((long?)NumberOf(schema?["maxItems"]) is { } maxItems)
        {
            options.Add(() => new JsonArray(Enumerable.Range(0, (int)maxItems + 1).Select(i => (JsonNode?)JsonValue.Create("piano")).ToArray()));
            options.Add(() => new JsonArray(JsonValue.Create(7), new JsonObject()));
        }

        if (schema?["enum"] is JsonArray values)
        {
            options.Add(() => JsonValue.Create(values[_random.Next(values.Count)]!.ToString() + "-nope"));
        }

        return Pick(options)();
    }

    /// <summary>A YAML number (read as long or double) as a double.</summary>
    private static double? NumberOf(JsonNode? node) =>
        node is not JsonValue value ? null : value.TryGetValue<long>(out var integer) ? integer : value.TryGetValue<double>(out var real) ? real : null;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
