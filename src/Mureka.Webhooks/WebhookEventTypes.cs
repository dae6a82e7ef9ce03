namespace Mureka.Webhooks;

/// <summary>The event types an endpoint can subscribe to.</summary>
public static class WebhookEventTypes
{
    public const string GenerationSucceeded = "generation.succeeded";
    public const string GenerationFailed = "generation.failed";
    public const string AdaptiveSetSucceeded = "adaptive_set.succeeded";
    public const string AdaptiveSetFailed = "adaptive_set.failed";

    public static IReadOnlyList<string> All { get; } = [GenerationSucceeded, GenerationFailed, AdaptiveSetSucceeded, AdaptiveSetFailed];

    public static bool IsKnown(string type) => All.Contains(type);
}
