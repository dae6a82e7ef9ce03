using Mureka.Gateway.Internal;

namespace Mureka.Gateway.Webhooks;

/// <summary>Reads the body of <c>POST /v1/webhook-endpoints</c> (see <see cref="JsonBodyReader"/>).</summary>
internal static class WebhookEndpointBodyReader
{
    public const int MaxBodyBytes = 16 * 1024;

    public static Task<WebhookEndpointBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken) =>
        JsonBodyReader.ReadAsync<WebhookEndpointBody>(request, MaxBodyBytes, cancellationToken);
}
