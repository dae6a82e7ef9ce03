using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Reads the bodies that carry a spec (POST /v1/generations, its estimate and its variations) with full control over
/// errors: a syntax or type error names the field it happened in, unknown properties are listed by name, and an
/// oversized body is refused before it is parsed. A spec nested in a body (variations) is named by its path, e.g.
/// <c>spec.bpm</c>, as the same field is named over gRPC. A create or an estimate may instead come as
/// <c>multipart/form-data</c> with the theme as a file (<see cref="MultipartSpecReader"/>).
/// </summary>
internal static class SpecBodyReader
{
    // The body's fields are the spec's properties under the wire naming policy, so a new spec field is known here at once.
    private static readonly Dictionary<string, Type> KnownFields = GatewayJson.Compact.GetTypeInfo(typeof(MusicSpec)).Properties
        .ToDictionary(p => p.Name, p => p.PropertyType, StringComparer.Ordinal);

    /// <summary>True for <c>application/json</c>, any <c>+json</c> type, or no Content-Type at all (an empty body means all defaults).</summary>
    public static bool IsJsonOrUnlabelled(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        return MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            && parsed.MediaType.Value is { } mediaType
            && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A body that is a whole request (a create, an estimate): its value problems, the create rule's included, are named beside type errors.</summary>
    /// <exception cref="BodyTooLargeException">More than <paramref name="limit"/> bytes.</exception>
    /// <exception cref="RequestValidationException">Not JSON, not an object, unknown fields or wrong types (with the other fields' problems).</exception>
    public static Task<MusicSpec> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken) =>
        ReadAsync(request, limit, asCreate: true, cancellationToken);

    /// <summary>A body of changes to a stored spec (a version's): only types are checked here; the values are judged against the spec they change.</summary>
    /// <exception cref="BodyTooLargeException">More than <paramref name="limit"/> bytes.</exception>
    /// <exception cref="RequestValidationException">Not JSON, not an object, unknown fields or wrong types.</exception>
    public static Task<MusicSpec> ReadChangesAsync(HttpRequest request, long limit, CancellationToken cancellationToken) =>
        ReadAsync(request, limit, asCreate: false, cancellationToken);

    /// <summary>True for the bodies a create or an estimate takes: JSON (<see cref="IsJsonOrUnlabelled"/>) or <c>multipart/form-data</c>.</summary>
    public static bool IsSpecBody(string? contentType) => IsJsonOrUnlabelled(contentType) || MultipartSpecReader.IsMultipart(contentType);

    /// <summary>The spec in <paramref name="element"/>, checked as a whole request; its problems are added to <paramref name="errors"/>.</summary>
    internal static MusicSpec ReadSpec(JsonElement element, List<FieldError> errors) => ReadSpec(element, "", errors, asCreate: true);

    private static async Task<MusicSpec> ReadAsync(HttpRequest request, long limit, bool asCreate, CancellationToken cancellationToken)
    {
        if (asCreate && MultipartSpecReader.IsMultipart(request.ContentType))
        {
            return await MultipartSpecReader.ReadAsync(request, limit, cancellationToken);
        }

        using var document = await ParseAsync(request, limit, cancellationToken);
        if (document is null)
        {
            return new MusicSpec();
        }

        var errors = new List<FieldError>();
        var spec = ReadSpec(document.RootElement, "", errors, asCreate);
        return errors.Count == 0 ? spec : throw new RequestValidationException(errors);
    }

    /// <summary>
    /// A request for variations: <c>{"n": 3, "spec": {…}}</c>. The count is checked here with everything else, so one
    /// answer names every problem; the service checks it again for gRPC (<see cref="Variations"/>).
    /// </summary>
    /// <exception cref="BodyTooLargeException">More than <paramref name="limit"/> bytes.</exception>
    /// <exception cref="RequestValidationException">Not JSON, not an object, unknown fields or wrong types, the spec's with the rest.</exception>
    public static async Task<(MusicSpec Spec, int? Count)> ReadVariationsAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        using var document = await ParseAsync(request, limit, cancellationToken);
        var errors = new List<FieldError>();
        MusicSpec? spec = null;
        int? count = null;
        foreach (var property in document is null ? [] : document.RootElement.EnumerateObject().ToList())
        {
            switch (property.Name)
            {
                case Variations.CountField when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var n):
                    count = n;
                    break;
                case Variations.CountField:
                    errors.Add(new FieldError(Variations.CountField, "must be an integer"));
                    break;
                case Variations.SpecField when property.Value.ValueKind == JsonValueKind.Object:
                    spec = ReadSpec(property.Value, Variations.SpecField + ".", errors, asCreate: true);
                    break;
                case Variations.SpecField:
                    errors.Add(new FieldError(Variations.SpecField, "must be an object: the generation request"));
                    break;
                default:
                    errors.Add(new FieldError(property.Name, "unknown field"));
                    break;
            }
        }

        if (spec is null && !errors.Any(e => e.Field == Variations.SpecField))
        {
            errors.Add(new FieldError(Variations.SpecField, "is required: the generation request to make variations of"));
        }

        if (!errors.Any(e => e.Field == Variations.CountField))
        {
            Variations.CheckCount(count, errors);
        }

        var prefix = Variations.SpecField + ".";
        if (errors.Count > 0 && spec is not null && !errors.Any(e => e.Field.StartsWith(prefix, StringComparison.Ordinal)))
        {
            // A well-typed spec beside a bad count or an unknown field: its own problems are named in the same answer.
            AddSpecProblems(spec, [], prefix, errors);
        }

        return errors.Count == 0 ? (spec!, count) : throw new RequestValidationException(errors);
    }

    /// <summary>The whole body, refused once it passes <paramref name="limit"/> bytes (before it is parsed).</summary>
    /// <exception cref="BodyTooLargeException">More than <paramref name="limit"/> bytes.</exception>
    internal static async Task<MemoryStream> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw new BodyTooLargeException($"The body is larger than {limit} bytes.");
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new BodyTooLargeException($"The body is larger than {limit} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <returns>Null for an empty body.</returns>
    private static async Task<JsonDocument?> ParseAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        using var buffer = await ReadBodyAsync(request, limit, cancellationToken);
        return buffer.Length == 0 ? null : ParseObject(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), "body");
    }

    /// <summary>A JSON object, or a problem named <paramref name="field"/>.</summary>
    internal static JsonDocument ParseObject(ReadOnlyMemory<byte> json, string field)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new RequestValidationException([new FieldError(field, $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})")]);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new RequestValidationException([new FieldError(field, "must be a JSON object")]);
        }

        return document;
    }

    /// <summary>
    /// The spec in <paramref name="element"/>; adds its problems to <paramref name="errors"/>, each field named after
    /// <paramref name="prefix"/>. Unknown fields, wrong types and the values of the well-typed fields are checked
    /// together, so one answer names every invalid field (a wrong type does not hide an out-of-range value elsewhere).
    /// </summary>
    private static MusicSpec ReadSpec(JsonElement element, string prefix, List<FieldError> errors, bool asCreate)
    {
        var found = new List<FieldError>();
        var wellTyped = new List<JsonProperty>();
        foreach (var property in element.EnumerateObject())
        {
            if (!KnownFields.TryGetValue(property.Name, out var fieldType))
            {
                found.Add(new FieldError(property.Name, "unknown field"));
            }
            else if (!IsWellTyped(property))
            {
                if (property.Name == ThemeBodyFields.Name)
                {
                    found.AddRange(ThemeBodyFields.Problems(property.Value).DefaultIfEmpty(new FieldError(property.Name, "cannot be read")));
                }
                else
                {
                    found.Add(new FieldError(property.Name, $"must be {Describe(fieldType)}"));
                }
            }
            else
            {
                wellTyped.Add(property);
            }
        }

        if (found.Count == 0)
        {
            return element.Deserialize<MusicSpec>(GatewayJson.Compact) ?? new MusicSpec();
        }

        var spec = Deserialize(wellTyped);
        if (asCreate)
        {
            AddSpecProblems(spec, found, prefix, errors);
        }
        else
        {
            errors.AddRange(found.Select(e => e with { Field = prefix + e.Field }));
        }

        return spec;
    }

    /// <summary>Adds <paramref name="found"/> and the spec's value problems in fields not already among them, each named after <paramref name="prefix"/>.</summary>
    private static void AddSpecProblems(MusicSpec spec, List<FieldError> found, string prefix, List<FieldError> errors)
    {
        SpecAdmission.Check(spec, found);
        errors.AddRange(found.Select(e => e with { Field = prefix + e.Field }));
    }

    private static bool IsWellTyped(JsonProperty property)
    {
        try
        {
            Deserialize([property]);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static MusicSpec Deserialize(IEnumerable<JsonProperty> properties)
    {
        var json = "{" + string.Join(',', properties.Select(p => $"{JsonSerializer.Serialize(p.Name)}:{p.Value.GetRawText()}")) + "}";
        return JsonSerializer.Deserialize<MusicSpec>(json, GatewayJson.Compact) ?? new MusicSpec();
    }

    private static string Describe(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(double) => "a number",
        var t when t == typeof(int) || t == typeof(long) => "an integer",
        var t when t == typeof(bool) => "true or false",
        var t when t != typeof(string) && t.IsAssignableTo(typeof(IEnumerable<string>)) => "an array of strings",
        _ => "a string",
    };
}
