namespace Mureka.Gateway.Webhooks;

/// <summary>A row of <c>webhook_endpoints</c>.</summary>
public sealed class WebhookEndpointRecord
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public string Url { get; set; } = "";

    public string? Description { get; set; }

    public string[] Events { get; set; } = [];

    /// <summary>The signing secret; never logged, shown only on create and rotate.</summary>
    public string Secret { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A delivery claimed for one attempt, with what sending it needs.</summary>
public sealed class ClaimedDelivery
{
    public long Id { get; set; }

    public string EventId { get; set; } = "";

    public string EventType { get; set; } = "";

    public Guid GenerationId { get; set; }

    public DateTime EventCreatedAt { get; set; }

    public Guid EndpointId { get; set; }

    public string Url { get; set; } = "";

    public string Secret { get; set; } = "";

    /// <summary>1 for the first attempt.</summary>
    public int Attempt { get; set; }
}

/// <summary>A row of the delivery log (<c>webhook_attempts</c>) with its event.</summary>
public sealed class WebhookAttemptRecord
{
    public long Id { get; set; }

    public string EventId { get; set; } = "";

    public string EventType { get; set; } = "";

    public Guid GenerationId { get; set; }

    public int Attempt { get; set; }

    public DateTime AttemptedAt { get; set; }

    public int? StatusCode { get; set; }

    public int ResponseTimeMs { get; set; }

    public string? Error { get; set; }

    public DateTime? NextRetryAt { get; set; }

    public bool Delivered { get; set; }
}

/// <summary>What one attempt came to.</summary>
public sealed record AttemptOutcome(int? StatusCode, TimeSpan ResponseTime, string? Error)
{
    public bool Delivered => StatusCode is >= 200 and < 300;
}
