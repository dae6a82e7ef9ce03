using System.Text.Json;
using Mureka.Gateway.Generations;
using Mureka.Spec;

namespace Mureka.Gateway.Internal;

/// <summary>
/// Reads a small JSON body into <typeparamref name="T"/>: refuses an oversized body before parsing it, and names the
/// field of a type error, an unknown property or bytes that are not UTF-8 (<c>body</c> when the JSON itself is broken).
/// An empty body reads as a new <typeparamref name="T"/>.
/// </summary>
internal static class JsonBodyReader
{
    /// <exception cref="BodyTooLargeException">More than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="RequestValidationException">Not a JSON object of the expected shape.</exception>
    public static async Task<T> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
        where T : new()
    {
        if (request.ContentLength > maxBytes)
        {
            throw new BodyTooLargeException($"The body is larger than {maxBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new BodyTooLargeException($"The body is larger than {maxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), GatewayJson.Compact) ?? new T();
        }
        catch (JsonException e)
        {
            var field = (e.Path ?? "").TrimStart('$', '.');
            var message = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "is not a known field"
                : e.InnerException is InvalidOperationException or ArgumentException && e.Message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) ? "is not valid UTF-8"
                : field.Length == 0 ? "must be a JSON object" : "has the wrong type";
            throw new RequestValidationException([new FieldError(field.Length == 0 ? "body" : field, message)]);
        }
    }
}
