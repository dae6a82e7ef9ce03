namespace Mureka.Gateway.Webhooks;

/// <summary>The body of <c>POST /v1/webhook-endpoints</c>.</summary>
public sealed record WebhookEndpointBody
{
    public string? Url { get; init; }

    public IReadOnlyList<string?>? Events { get; init; }

    public string? Description { get; init; }
}
