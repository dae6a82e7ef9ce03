using System.Text.Json;
using Mureka.Gateway.Data;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Storage;

namespace Mureka.Gateway.AdaptiveSets;

/// <summary>An adaptive set as REST returns it (snake_case JSON); the same fields as <c>mureka.api.v1.AdaptiveSet</c>.</summary>
public sealed record AdaptiveSetResource
{
    public required string Id { get; init; }

    /// <summary>queued, running, succeeded, failed or canceled, as a generation's.</summary>
    public required string Status { get; init; }

    public required bool Livemode { get; init; }

    public string? Title { get; init; }

    public required AdaptiveSetSummary Set { get; init; }

    /// <summary>What it bills when it succeeds (0 for a test key): the estimate, repeated.</summary>
    public required double BillableSeconds { get; init; }

    /// <summary>What it billed: set once it succeeded, and equal to <see cref="BillableSeconds"/> for a live key.</summary>
    public double? RenderedSeconds { get; init; }

    /// <summary>How far the render is, while it runs on the replica that answers (null elsewhere and when not running).</summary>
    public AdaptiveSetProgress? Progress { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }

    /// <summary>The zip (WAVs, set.json, README, FMOD script, WAAPI payload), once it succeeded.</summary>
    public AdaptiveSetArchive? Archive { get; init; }

    /// <summary>The set's <c>set.json</c> sidecar as the host wrote it, once it succeeded.</summary>
    public JsonElement? Metadata { get; init; }

    public static AdaptiveSetResource From(GenerationView view, AdaptiveSetProgress? progress)
    {
        ArgumentNullException.ThrowIfNull(view);
        var r = view.Record;
        var set = StoredAdaptiveSet.Read(r.Resolved);
        var archive = view.Audio.FirstOrDefault(a => a.Name == AudioObjectKinds.Archive);
        return new AdaptiveSetResource
        {
            Id = r.Id.ToString(),
            Status = r.Status,
            Livemode = r.Livemode,
            Title = r.Title,
            Set = AdaptiveSetSummary.From(set),
            BillableSeconds = (r.Livemode ? set.BilledMilliseconds : 0) / 1000.0,
            RenderedSeconds = r.RenderedMs / 1000.0,
            Progress = progress,
            CreatedAt = GenerationResource.Utc(r.CreatedAt),
            StartedAt = r.StartedAt is { } s ? GenerationResource.Utc(s) : null,
            FinishedAt = r.FinishedAt is { } f ? GenerationResource.Utc(f) : null,
            Error = r.Error,
            Archive = archive is null ? null : new AdaptiveSetArchive(archive.ContentType, archive.SizeBytes, archive.Sha256, $"/v1/adaptive-sets/{r.Id}/archive"),
            Metadata = r.Metadata is null ? null : JsonDocument.Parse(r.Metadata).RootElement.Clone(),
        };
    }
}

public sealed record AdaptiveSetProgress(string Stage, double Fraction);

public sealed record AdaptiveSetArchive(string ContentType, long SizeBytes, string Sha256, string Url);

/// <summary>
/// What a set would render and cost, before anything renders: the resolved set with the seconds each part bills, their
/// sum (what usage shows after it succeeded), its price at the plan's list price, and the tenant's quota.
/// </summary>
public sealed record AdaptiveSetEstimate(AdaptiveSetSummary Set, bool Livemode, double BillableSeconds, EstimatePrice? Price, EstimateQuota Quota);
