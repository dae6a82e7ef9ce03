using Google.Protobuf.WellKnownTypes;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Generations;

namespace Mureka.Gateway.AdaptiveSets;

/// <summary>Adaptive sets as <c>mureka.api.v1</c> messages: the REST resources, field for field.</summary>
internal static class AdaptiveSetMapper
{
    public static AdaptiveSet ToProto(AdaptiveSetResource r)
    {
        var set = new AdaptiveSet
        {
            Id = r.Id,
            Status = GenerationMapper.ToProto(r.Status),
            Livemode = r.Livemode,
            Title = r.Title ?? "",
            Set = ToProto(r.Set),
            BillableSeconds = r.BillableSeconds,
            RenderedSeconds = r.RenderedSeconds ?? 0,
            CreatedAt = Timestamp.FromDateTimeOffset(r.CreatedAt),
            StartedAt = r.StartedAt is { } started ? Timestamp.FromDateTimeOffset(started) : null,
            FinishedAt = r.FinishedAt is { } finished ? Timestamp.FromDateTimeOffset(finished) : null,
            Error = r.Error ?? "",
            MetadataJson = r.Metadata?.GetRawText() ?? "",
        };
        if (r.Progress is { } progress)
        {
            set.Progress = new GenerationProgress { Status = GenerationStatus.Running, Stage = progress.Stage, Fraction = progress.Fraction };
        }

        if (r.Archive is { } archive)
        {
            set.Archive = new Contracts.Api.V1.AdaptiveSetArchive { ContentType = archive.ContentType, SizeBytes = archive.SizeBytes, Sha256 = archive.Sha256, Url = archive.Url };
        }

        return set;
    }

    public static Contracts.Api.V1.AdaptiveSetSummary ToProto(AdaptiveSetSummary s)
    {
        var summary = new Contracts.Api.V1.AdaptiveSetSummary
        {
            Model = s.Model, Key = s.Key, Bpm = s.Bpm, TimeSignature = s.TimeSignature, Layers = s.Layers, TransitionBars = s.TransitionBars,
            SampleRate = s.SampleRate, BitDepth = s.BitDepth, Seed = s.Seed, BilledSeconds = s.BilledSeconds,
        };
        summary.States.AddRange(s.States.Select(x => new Contracts.Api.V1.AdaptiveStateSummary { Name = x.Name, Bars = x.Bars, Genre = x.Genre, Mood = x.Mood, Key = x.Key, Seconds = x.Seconds }));
        summary.Transitions.AddRange(s.Transitions.Select(x => new Contracts.Api.V1.AdaptiveTransitionSummary { From = x.From, To = x.To, Bars = x.Bars, Seconds = x.Seconds }));
        summary.Stingers.AddRange(s.Stingers.Select(x => new Contracts.Api.V1.AdaptiveStingerSummary { Name = x.Name, Seconds = x.Seconds }));
        return summary;
    }

    public static EstimateAdaptiveSetResponse ToProto(AdaptiveSetEstimate e) => new()
    {
        Set = ToProto(e.Set),
        Livemode = e.Livemode,
        BillableSeconds = e.BillableSeconds,
        Price = GenerationsGrpcService.ToProto(e.Price),
        Quota = GenerationsGrpcService.ToProto(e.Quota),
    };
}
