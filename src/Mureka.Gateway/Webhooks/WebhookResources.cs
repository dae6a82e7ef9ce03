using Mureka.Gateway.Generations;

namespace Mureka.Gateway.Webhooks;

/// <summary>A webhook endpoint as REST returns it; <see cref="Secret"/> only in the create and rotate answers.</summary>
public sealed record WebhookEndpointResource
{
    public required string Id { get; init; }

    public required string Url { get; init; }

    public string? Description { get; init; }

    public required IReadOnlyList<string> Events { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string? Secret { get; init; }

    public static WebhookEndpointResource From(WebhookEndpointRecord r, bool withSecret = false)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new WebhookEndpointResource
        {
            Id = r.Id.ToString(),
            Url = r.Url,
            Description = r.Description,
            Events = r.Events,
            CreatedAt = GenerationResource.Utc(r.CreatedAt),
            Secret = withSecret ? r.Secret : null,
        };
    }
}

public sealed record WebhookEndpointList(IReadOnlyList<WebhookEndpointResource> Data);

/// <summary>One attempt in the delivery log.</summary>
public sealed record WebhookAttemptResource
{
    public required string EventId { get; init; }

    public required string EventType { get; init; }

    public required string GenerationId { get; init; }

    public required int Attempt { get; init; }

    public required DateTimeOffset AttemptedAt { get; init; }

    /// <summary><c>delivered</c>, <c>retrying</c> (another attempt is scheduled) or <c>failed</c> (this was the last attempt).</summary>
    public required string Outcome { get; init; }

    public int? StatusCode { get; init; }

    public required int ResponseTimeMs { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset? NextRetryAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public static WebhookAttemptResource From(WebhookAttemptRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var attemptedAt = GenerationResource.Utc(r.AttemptedAt);
        return new WebhookAttemptResource
        {
            EventId = r.EventId,
            EventType = r.EventType,
            GenerationId = r.GenerationId.ToString(),
            Attempt = r.Attempt,
            AttemptedAt = attemptedAt,
            Outcome = r.Delivered ? "delivered" : r.NextRetryAt is null ? "failed" : "retrying",
            StatusCode = r.StatusCode,
            ResponseTimeMs = r.ResponseTimeMs,
            Error = r.Error,
            NextRetryAt = r.NextRetryAt is { } next ? GenerationResource.Utc(next) : null,
            DeliveredAt = r.Delivered ? attemptedAt.AddMilliseconds(r.ResponseTimeMs) : null,
        };
    }
}

public sealed record WebhookAttemptPage(IReadOnlyList<WebhookAttemptResource> Data, string? NextCursor);

/// <summary>The JSON body of every webhook request.</summary>
/// <param name="Livemode">The generation's mode, repeated on the event so a receiver can drop test events before reading the data (as Stripe's events carry it).</param>
public sealed record WebhookEventDocument(string Id, string Type, DateTimeOffset CreatedAt, bool Livemode, WebhookEventData Data);

/// <summary>What the event is about: a generation (generation.* events) or an adaptive set (adaptive_set.* events), as GET returns it.</summary>
public sealed record WebhookEventData(GenerationResource? Generation, AdaptiveSets.AdaptiveSetResource? AdaptiveSet = null);
