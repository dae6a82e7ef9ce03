using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Reads the body of POST /v1/generations with full control over errors: a syntax or type error
/// names the field it happened in, unknown properties are listed by name, and an oversized body
/// is refused before it is parsed.
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

    /// <exception cref="BodyTooLargeException">More than <paramref name="limit"/> bytes.</exception>
    /// <exception cref="RequestValidationException">Not JSON, not an object, unknown fields or wrong types (with the other fields' problems).</exception>
    public static async Task<MusicSpec> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw new BodyTooLargeException($"The body is larger than {limit} bytes.");
        }

        using var buffer = new MemoryStream();
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

        if (buffer.Length == 0)
        {
            return new MusicSpec();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException e)
        {
            throw new RequestValidationException([new FieldError("body", $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})")]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RequestValidationException([new FieldError("body", "must be a JSON object")]);
            }

            // Unknown fields, wrong types and the values of the well-typed fields are checked together, so one answer
            // names every invalid field (a wrong type does not hide an out-of-range value elsewhere).
            var errors = new List<FieldError>();
            var wellTyped = new List<JsonProperty>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!KnownFields.ContainsKey(property.Name))
                {
                    errors.Add(new FieldError(property.Name, "unknown field"));
                }
                else if (!IsWellTyped(property))
                {
                    errors.Add(new FieldError(property.Name, $"must be {ExpectedType(property.Name)}"));
                }
                else
                {
                    wellTyped.Add(property);
                }
            }

            if (errors.Count > 0)
            {
                SpecAdmission.Check(Deserialize(wellTyped), errors);
                throw new RequestValidationException(errors);
            }

            return document.RootElement.Deserialize<MusicSpec>(GatewayJson.Compact) ?? new MusicSpec();
        }
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

    private static string ExpectedType(string field) => (Nullable.GetUnderlyingType(KnownFields[field]) ?? KnownFields[field]) switch
    {
        var t when t == typeof(double) => "a number",
        var t when t == typeof(int) || t == typeof(long) => "an integer",
        var t when t == typeof(bool) => "true or false",
        var t when t != typeof(string) && t.IsAssignableTo(typeof(IEnumerable<string>)) => "an array of strings",
        _ => "a string",
    };
}
