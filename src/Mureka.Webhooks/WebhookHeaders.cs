namespace Mureka.Webhooks;

/// <summary>The headers every webhook request carries.</summary>
public static class WebhookHeaders
{
    /// <summary><c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;")&gt;</c>.</summary>
    public const string Signature = "Mureka-Signature";

    /// <summary>The event id (<c>evt_…</c>), the same on every retry: receivers deduplicate on it.</summary>
    public const string EventId = "Mureka-Event-Id";

    public const string EventType = "Mureka-Event-Type";
}
