using Google.Protobuf.WellKnownTypes;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Data;
using Mureka.Gateway.Downloads;

namespace Mureka.Gateway.Generations;

/// <summary>Stored generations → <c>mureka.api.v1</c> messages.</summary>
internal static class GenerationMapper
{
    public static Generation ToProto(GenerationView view, DownloadLinkSigner links)
    {
        var r = view.Record;
        var resolved = StoredSpec.Read(r.Resolved);
        var generation = new Generation
        {
            Id = r.Id.ToString(),
            Status = ToProto(r.Status),
            Resolved = resolved.ToProto(),
            CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)),
            Error = r.Error ?? "",
            RenderedSeconds = (r.RenderedMs ?? 0) / 1000.0,
            MetadataJson = r.Metadata ?? "",
            Livemode = r.Livemode,
            Title = r.Title ?? "",
            BillableSeconds = GenerationEstimator.BillableMs(r.Livemode, resolved) / 1000.0,
            BatchId = r.BatchId?.ToString() ?? "",
            ParentId = r.ParentId?.ToString() ?? "",
        };
        foreach (var (name, value) in GenerationResource.LabelsOf(r))
        {
            generation.Labels[name] = value;
        }
        if (r.StartedAt is { } started)
        {
            generation.StartedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(started, DateTimeKind.Utc));
        }

        if (r.FinishedAt is { } finished)
        {
            generation.FinishedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(finished, DateTimeKind.Utc));
        }

        generation.Audio.AddRange(view.Audio.Select(a => new AudioObject
        {
            Name = a.Name, ContentType = a.ContentType, SizeBytes = a.SizeBytes, Url = GenerationResource.UrlFor(r.Id, a.Name),
            DownloadUrl = links.PathFor(r.TenantId, r.Id, a.Name), DownloadExpiresAt = Timestamp.FromDateTimeOffset(links.ExpiresAt),
        }));
        return generation;
    }

    public static GenerationStatus ToProto(string status) => status switch
    {
        GenerationStatuses.Queued => GenerationStatus.Queued,
        GenerationStatuses.Running => GenerationStatus.Running,
        GenerationStatuses.Succeeded => GenerationStatus.Succeeded,
        GenerationStatuses.Failed => GenerationStatus.Failed,
        GenerationStatuses.Canceled => GenerationStatus.Canceled,
        _ => GenerationStatus.Unspecified,
    };

    /// <summary>The REST name of a status.</summary>
    public static string ToWire(GenerationStatus status) => status switch
    {
        GenerationStatus.Queued => GenerationStatuses.Queued,
        GenerationStatus.Running => GenerationStatuses.Running,
        GenerationStatus.Succeeded => GenerationStatuses.Succeeded,
        GenerationStatus.Failed => GenerationStatuses.Failed,
        GenerationStatus.Canceled => GenerationStatuses.Canceled,
        _ => "unspecified",
    };
}
