using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Data;

namespace Mureka.Gateway.Generations;

/// <summary>Stored generations → <c>mureka.api.v1</c> messages.</summary>
internal static class GenerationMapper
{
    public static Generation ToProto(GenerationView view)
    {
        var r = view.Record;
        var resolved = JsonSerializer.Deserialize<ResolvedSpecDocument>(r.Resolved, GatewayJson.Compact)!;
        var generation = new Generation
        {
            Id = r.Id.ToString(),
            Status = ToProto(r.Status),
            Resolved = ToProto(resolved),
            CreatedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc)),
            Error = r.Error ?? "",
            RenderedSeconds = (r.RenderedMs ?? 0) / 1000.0,
            MetadataJson = r.Metadata ?? "",
        };
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

    public static GenerationSpecBody FromProto(GenerationSpec? spec) => spec is null ? new GenerationSpecBody() : new GenerationSpecBody
    {
        Prompt = spec.HasPrompt ? spec.Prompt : null,
        Model = spec.HasModel ? spec.Model : null,
        Genre = spec.HasGenre ? spec.Genre : null,
        Mood = spec.HasMood ? spec.Mood : null,
        Bpm = spec.HasBpm ? spec.Bpm : null,
        Key = spec.HasKey ? spec.Key : null,
        TimeSignature = spec.HasTimeSignature ? spec.TimeSignature : null,
        DurationMs = spec.HasDurationMs ? spec.DurationMs : null,
        Instruments = spec.Instruments.Count > 0 ? spec.Instruments.ToList() : null,
        Intensity = spec.HasIntensity ? spec.Intensity : null,
        Seed = spec.HasSeed ? spec.Seed : null,
        Format = spec.HasFormat ? spec.Format : null,
        SampleRate = spec.HasSampleRate ? spec.SampleRate : null,
        BitDepth = spec.HasBitDepth ? spec.BitDepth : null,
        Stems = spec.HasStems ? spec.Stems : null,
        Loop = spec.HasLoop ? spec.Loop : null,
    };

    private static ResolvedSpec ToProto(ResolvedSpecDocument r) => new()
    {
        Model = r.Model,
        Prompt = r.Prompt,
        Genre = r.Genre,
        Mood = r.Mood,
        Bpm = r.Bpm,
        Key = r.Key,
        TimeSignature = r.TimeSignature,
        DurationMs = r.DurationMs,
        Instruments = { r.Instruments },
        Intensity = r.Intensity,
        Seed = r.Seed,
        Format = r.Format,
        SampleRate = r.SampleRate,
        BitDepth = r.BitDepth,
        Stems = r.Stems,
        Loop = r.Loop,
        Interpretation = { r.Interpretation },
    };
}
