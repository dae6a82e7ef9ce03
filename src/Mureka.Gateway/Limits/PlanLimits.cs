namespace Mureka.Gateway.Limits;

/// <summary>A row of <c>plans</c>: everything the gateway enforces for the tenants on it.</summary>
public sealed record PlanLimits
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Longest track one request may ask for.</summary>
    public required int MaxDurationMs { get; init; }

    /// <summary>Queued plus running generations at once.</summary>
    public required int MaxConcurrentJobs { get; init; }

    /// <summary>Batching priority (higher is served first).</summary>
    public required int Priority { get; init; }

    /// <summary>Rendered milliseconds per billing period.</summary>
    public required long QuotaMs { get; init; }

    /// <summary>Requests per minute per API key (REST and gRPC together).</summary>
    public required int RequestsPerMinute { get; init; }

    /// <summary><see cref="OveragePolicies.Block"/> or <see cref="OveragePolicies.Bill"/>.</summary>
    public required string OveragePolicy { get; init; }

    /// <summary>Longest track a test key may ask for; null: the same as <see cref="MaxDurationMs"/>.</summary>
    public int? TestMaxDurationMs { get; init; }

    /// <summary>Days rendered audio is kept after it was stored; null: as long as the generation exists.</summary>
    public int? AudioRetentionDays { get; init; }

    /// <summary>ISO 4217 code, lower case, of <see cref="PricePerSecond"/>; null when no price is known here.</summary>
    public string? Currency { get; init; }

    /// <summary>The list price of one rendered second (Stripe's price invoices; this mirrors it for estimates).</summary>
    public decimal? PricePerSecond { get; init; }

    /// <summary>Most states one adaptive set may have; null: only the service's bound (<c>AdaptiveLimits.MaxStates</c>).</summary>
    public int? MaxAdaptiveStates { get; init; }

    /// <summary>Most milliseconds one adaptive set may bill; null: only the service's bound (<c>AdaptiveLimits.MaxTotalMs</c>).</summary>
    public long? MaxAdaptiveSetMs { get; init; }

    public bool BillsOverage => OveragePolicy == OveragePolicies.Bill;

    /// <summary>When audio stored at <paramref name="storedAt"/> stops being served under this plan (null: never).</summary>
    public DateTimeOffset? AudioExpiresAt(DateTimeOffset storedAt) =>
        AudioRetentionDays is { } days ? storedAt.AddDays(days) : null;

    /// <summary>Longest track one request may ask for with a live or a test key (a test limit never exceeds the live one).</summary>
    public int MaxDurationMsFor(bool livemode) =>
        livemode || TestMaxDurationMs is not { } test ? MaxDurationMs : Math.Min(test, MaxDurationMs);
}

public static class OveragePolicies
{
    /// <summary>Past the quota, new generations are refused (402) until the period resets.</summary>
    public const string Block = "block";

    /// <summary>Past the quota, generations are accepted and the overage is billed.</summary>
    public const string Bill = "bill";
}
