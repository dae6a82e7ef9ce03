using System.Runtime.CompilerServices;
using System.Text.Json;
using Mureka.Gateway.Data;
using Mureka.Gateway.Downloads;
using Mureka.Gateway.Storage;
using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>A generation as REST returns it (snake_case JSON); the same fields as <c>mureka.api.v1.Generation</c>.</summary>
public sealed record GenerationResource
{
    public required string Id { get; init; }

    public required string Status { get; init; }

    /// <summary>False when a test key created it (never billed, never counted against the quota), as in Stripe's API.</summary>
    public required bool Livemode { get; init; }

    public required ResolvedMusicSpec Resolved { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }

    public double? RenderedSeconds { get; init; }

    /// <summary>What it bills when it succeeds (its resolved length; 0 for a test key): the estimate, repeated.</summary>
    public double BillableSeconds { get; init; }

    public IReadOnlyList<AudioObjectResource> Audio { get; init; } = [];

    public JsonElement? Metadata { get; init; }

    /// <summary>The customer's title, if one was given.</summary>
    public string? Title { get; init; }

    /// <summary>The customer's labels (an empty object when none).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Shared by the members of one request for variations; null for a generation made alone.</summary>
    public string? BatchId { get; init; }

    /// <summary>The track this is a version of (a cut-down or an alternative mix); null for an original.</summary>
    public string? ParentId { get; init; }

    // Finished views are cached and immutable, so their JSON is built once per step of the download links' expiry
    // (the only part that changes), not per request.
    private static readonly ConditionalWeakTable<GenerationView, FinishedJson> FinishedJsons = new();

    /// <summary>The wire JSON (same options as the MVC formatter); a finished generation's is reused while its links are.</summary>
    public static byte[] JsonOf(GenerationView view, DownloadLinkSigner links)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(links);
        if (!view.Record.IsFinished)
        {
            return JsonSerializer.SerializeToUtf8Bytes(From(view, links), GatewayJson.Compact);
        }

        if (FinishedJsons.TryGetValue(view, out var cached) && cached.LinksExpireAt == links.ExpiresAt)
        {
            return cached.Json;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(From(view, links), GatewayJson.Compact);
        FinishedJsons.AddOrUpdate(view, new FinishedJson(links.ExpiresAt, json));
        return json;
    }

    /// <param name="links">Signs each audio object's <c>download_url</c>; null leaves them out (webhook events, which may be delivered long after).</param>
    public static GenerationResource From(GenerationView view, DownloadLinkSigner? links)
    {
        ArgumentNullException.ThrowIfNull(view);
        var r = view.Record;
        var resolved = StoredSpec.Read(r.Resolved);
        return new GenerationResource
        {
            Id = r.Id.ToString(),
            Status = r.Status,
            Livemode = r.Livemode,
            Resolved = resolved,
            CreatedAt = Utc(r.CreatedAt),
            StartedAt = r.StartedAt is { } s ? Utc(s) : null,
            FinishedAt = r.FinishedAt is { } f ? Utc(f) : null,
            Error = r.Error,
            RenderedSeconds = r.RenderedMs / 1000.0,
            BillableSeconds = GenerationEstimator.BillableMs(r.Livemode, resolved) / 1000.0,
            Audio = view.Audio.Select(a => new AudioObjectResource(a.Name, a.ContentType, a.SizeBytes, UrlFor(r.Id, a.Name))
            {
                DownloadUrl = links?.PathFor(r.TenantId, r.Id, a.Name),
                DownloadExpiresAt = links?.ExpiresAt,
            }).ToList(),
            Metadata = r.Metadata is null ? null : JsonDocument.Parse(r.Metadata).RootElement.Clone(),
            Title = r.Title,
            Labels = LabelsOf(r),
            BatchId = r.BatchId?.ToString(),
            ParentId = r.ParentId?.ToString(),
        };
    }

    /// <summary>The stored labels (written by this gateway from checked strings).</summary>
    internal static IReadOnlyDictionary<string, string> LabelsOf(GenerationRecord record) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(record.Labels) ?? [];

    public static string UrlFor(Guid id, string objectName) => objectName switch
    {
        AudioObjectKinds.Mix => $"/v1/generations/{id}/audio",
        AudioObjectKinds.Score => $"/v1/generations/{id}/score",
        AudioObjectKinds.Continuation => $"/v1/generations/{id}/continuation",
        _ => $"/v1/generations/{id}/stems/{objectName}",
    };

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

public sealed record AudioObjectResource(string Name, string ContentType, long SizeBytes, string Url)
{
    /// <summary>A link that downloads the object without an API key until <see cref="DownloadExpiresAt"/> (for an &lt;audio&gt; tag or a CDN).</summary>
    public string? DownloadUrl { get; init; }

    public DateTimeOffset? DownloadExpiresAt { get; init; }
}

internal sealed record FinishedJson(DateTimeOffset LinksExpireAt, byte[] Json);

/// <summary>The answer to a request for variations: the batch id and its members, in order.</summary>
public sealed record GenerationBatchResource(string BatchId, IReadOnlyList<GenerationResource> Generations)
{
    public static GenerationBatchResource From(GenerationBatch batch, DownloadLinkSigner links)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new GenerationBatchResource(batch.BatchId.ToString(), [.. batch.Members.Select(m => GenerationResource.From(m, links))]);
    }
}

public sealed record GenerationPage(IReadOnlyList<GenerationResource> Data, string? NextCursor);
