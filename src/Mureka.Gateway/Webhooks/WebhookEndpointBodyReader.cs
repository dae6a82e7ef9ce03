using System.Text.Json;
using Mureka.Gateway.Generations;
using Mureka.Spec;

namespace Mureka.Gateway.Webhooks;

/// <summary>
/// Reads the body of <c>POST /v1/webhook-endpoints</c>: refuses an oversized body before parsing it, and
/// names the field of a type error or unknown property (<c>body</c> when the JSON itself is broken).
/// </summary>
internal static class WebhookEndpointBodyReader
{
    public const int MaxBodyBytes = 16 * 1024;

    /// <exception cref="BodyTooLargeException">More than <see cref="MaxBodyBytes"/>.</exception>
    /// <exception cref="RequestValidationException">Not a JSON object of the expected shape.</exception>
    public static async Task<WebhookEndpointBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new BodyTooLargeException($"The body is larger than {MaxBodyBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new BodyTooLargeException($"The body is larger than {MaxBodyBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return new WebhookEndpointBody();
        }

        try
        {
            return JsonSerializer.Deserialize<WebhookEndpointBody>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), GatewayJson.Compact)
                ?? new WebhookEndpointBody();
        }
        catch (JsonException e)
        {
            var field = (e.Path ?? "").TrimStart('$', '.');
            var message = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "is not a known field"
                : field.Length == 0 ? "must be a JSON object" : "has the wrong type";
            throw new RequestValidationException([new FieldError(field.Length == 0 ? "body" : field, message)]);
        }
    }
}
