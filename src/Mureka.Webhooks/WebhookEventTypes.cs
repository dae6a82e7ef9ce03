namespace Mureka.Webhooks;

/// <summary>The event types an endpoint can subscribe to.</summary>
public static class WebhookEventTypes
{
    public const string GenerationSucceeded = "generation.succeeded";
    public const string GenerationFailed = "generation.failed";

    public static IReadOnlyList<string> All { get; } = [GenerationSucceeded, GenerationFailed];

    public static bool IsKnown(string type) => type is GenerationSucceeded or GenerationFailed;
}
