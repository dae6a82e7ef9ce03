using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Mureka.Accounts;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Data;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Downloads;
using Mureka.Gateway.Limits;
using Mureka.Gateway.Idempotency;
using Mureka.Gateway.Storage;
using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>The public gRPC service; the same operations as REST through <see cref="GenerationService"/>.</summary>
[Authorize]
public sealed class GenerationsGrpcService(GenerationService generations, GenerationEstimator estimator, GenerationFollower follower, IAudioStore store, AudioRetention retention, GrpcIdempotency idempotency, DownloadLinks links)
    : Contracts.Api.V1.Generations.GenerationsBase
{
    [RequireScope(ApiKeyScopes.Generate)]
    public override Task<CreateGenerationResponse> CreateGeneration(CreateGenerationRequest request, ServerCallContext context) =>
        CreateIdempotentlyAsync(request, context, CreateGenerationResponse.Parser, async (principal, reservationId) =>
        {
            var view = await generations.CreateAsync(principal, request.Spec.ToMusicSpec(), context.CancellationToken, reservationId);
            return new CreateGenerationResponse { Generation = GenerationMapper.ToProto(view, await links.SignerAsync(context.CancellationToken)) };
        });

    [RequireScope(ApiKeyScopes.Generate)]
    public override Task<CreateVariationsResponse> CreateVariations(CreateVariationsRequest request, ServerCallContext context) =>
        CreateIdempotentlyAsync(request, context, CreateVariationsResponse.Parser, async (principal, reservationId) =>
        {
            var batch = await generations.CreateVariationsAsync(principal, request.Spec.ToMusicSpec(), request.N, reservationId, context.CancellationToken);
            var signer = await links.SignerAsync(context.CancellationToken);
            var response = new CreateVariationsResponse { BatchId = batch.BatchId.ToString() };
            response.Generations.AddRange(batch.Members.Select(m => GenerationMapper.ToProto(m, signer)));
            return response;
        });

    [RequireScope(ApiKeyScopes.Generate)]
    public override Task<CreateVersionResponse> CreateVersion(CreateVersionRequest request, ServerCallContext context) =>
        CreateIdempotentlyAsync(request, context, CreateVersionResponse.Parser, async (principal, reservationId) =>
        {
            var view = (Guid.TryParse(request.Id, out var parentId)
                ? await generations.CreateVersionAsync(principal, parentId, request.Changes.ToMusicSpec(), reservationId, context.CancellationToken)
                : null) ?? throw NotFound();
            return new CreateVersionResponse { Generation = GenerationMapper.ToProto(view, await links.SignerAsync(context.CancellationToken)) };
        });

    [RequireScope(ApiKeyScopes.Generate)]
    public override Task<ExtendGenerationResponse> ExtendGeneration(ExtendGenerationRequest request, ServerCallContext context) =>
        CreateIdempotentlyAsync(request, context, ExtendGenerationResponse.Parser, async (principal, reservationId) =>
        {
            var view = (Guid.TryParse(request.Id, out var parentId)
                ? await generations.CreateExtensionAsync(principal, parentId, ExtensionChanges(request), reservationId, context.CancellationToken)
                : null) ?? throw NotFound();
            return new ExtendGenerationResponse { Generation = GenerationMapper.ToProto(view, await links.SignerAsync(context.CancellationToken)) };
        });

    /// <summary>An extension request's fields as the changes a spec reader would have read from REST.</summary>
    private static MusicSpec ExtensionChanges(ExtendGenerationRequest request) => new()
    {
        DurationMs = request.HasDurationMs ? request.DurationMs : null,
        Intensity = request.HasIntensity ? request.Intensity : null,
        Mood = request.HasMood ? request.Mood : null,
        Title = request.HasTitle ? request.Title : null,
        Labels = request.Labels.Count > 0 ? request.Labels : null,
    };

    /// <summary>Every create: run once per idempotency-key, and a refusal that stored nothing answered with its status.</summary>
    private async Task<TResponse> CreateIdempotentlyAsync<TResponse>(IMessage request, ServerCallContext context, MessageParser<TResponse> parser, Func<ApiKeyPrincipal, Guid?, Task<TResponse>> create)
        where TResponse : IMessage<TResponse>
    {
        try
        {
            var principal = context.Caller();
            return await idempotency.RunAsync(context, principal.TenantId, request, parser, reservationId => create(principal, reservationId));
        }
        catch (Exception e) when (e is RequestValidationException or LimitExceededException or DispatchRejectedException or GenerationConflictException)
        {
            throw CreateRefusal(e);
        }
    }

    /// <summary>The status of a create that stored nothing: a bad spec, a plan limit, or no room on the hosts.</summary>
    internal static RpcException CreateRefusal(Exception refusal) => refusal switch
    {
        RequestValidationException e => RichStatus.InvalidArgument(e.Errors),
        GenerationConflictException e => new RpcException(new Status(StatusCode.FailedPrecondition, e.Message)),
        LimitExceededException e => LimitStatus.Exception(e.Violation),
        DispatchRejectedException e => new RpcException(
            new Status(e.Admission.Rejection == DispatchRejection.NoHost ? StatusCode.Unavailable : StatusCode.ResourceExhausted, e.Message),
            new Metadata { { "retry-after", e.Admission.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) } }),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "not a create refusal"),
    };

    [RequireScope(ApiKeyScopes.Read)]
    public override async Task<GetGenerationResponse> GetGeneration(GetGenerationRequest request, ServerCallContext context) =>
        new() { Generation = GenerationMapper.ToProto(await GetOrThrowAsync(request.Id, context), await links.SignerAsync(context.CancellationToken)) };

    [RequireScope(ApiKeyScopes.Read)]
    public override async Task<EstimateGenerationResponse> EstimateGeneration(EstimateGenerationRequest request, ServerCallContext context)
    {
        try
        {
            return ToProto(await estimator.EstimateAsync(context.Caller(), request.Spec.ToMusicSpec(), context.CancellationToken));
        }
        catch (RequestValidationException e)
        {
            throw RichStatus.InvalidArgument(e.Errors);
        }
    }

    [RequireScope(ApiKeyScopes.Read)]
    public override async Task<EstimateGenerationResponse> EstimateExtension(ExtendGenerationRequest request, ServerCallContext context)
    {
        try
        {
            var caller = context.Caller();
            var resolved = (Guid.TryParse(request.Id, out var parentId)
                ? await generations.ResolveExtensionAsync(caller.TenantId, parentId, ExtensionChanges(request), context.CancellationToken)
                : null) ?? throw NotFound();
            return ToProto(await estimator.EstimateResolvedAsync(caller, resolved, context.CancellationToken));
        }
        catch (Exception e) when (e is RequestValidationException or GenerationConflictException)
        {
            throw CreateRefusal(e);
        }
    }

    private static EstimateGenerationResponse ToProto(GenerationEstimate estimate) => new()
    {
        Resolved = estimate.Resolved.ToProto(),
        Livemode = estimate.Livemode,
        BillableSeconds = estimate.BillableSeconds,
        Quota = ToProto(estimate.Quota),
        Price = ToProto(estimate.Price),
    };

    internal static Contracts.Api.V1.EstimateQuota ToProto(EstimateQuota q) => new()
    {
        LimitSeconds = q.LimitSeconds, UsedSeconds = q.UsedSeconds, RemainingSeconds = q.RemainingSeconds,
        OveragePolicy = q.OveragePolicy, WithinQuota = q.WithinQuota,
    };

    /// <summary>Null (left unset) when no price is known for the plan.</summary>
    internal static Contracts.Api.V1.EstimatePrice? ToProto(EstimatePrice? price) => price is null ? null : new()
    {
        Currency = price.Currency,
        PerSecond = price.PerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Amount = price.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [RequireScope(ApiKeyScopes.Read)]
    public override async Task<ListGenerationsResponse> ListGenerations(ListGenerationsRequest request, ServerCallContext context)
    {
        try
        {
            // proto3 cannot tell an unset page_size from 0: 0 means the default page.
            var (items, next) = await generations.ListAsync(context.Caller().TenantId, ListRequest(request), context.CancellationToken);
            var response = new ListGenerationsResponse { NextCursor = next ?? "" };
            var signer = await links.SignerAsync(context.CancellationToken);
            response.Generations.AddRange(items.Select(v => GenerationMapper.ToProto(v, signer)));
            return response;
        }
        catch (RequestValidationException e)
        {
            // The REST query parameter is "limit"; the gRPC field is page_size.
            throw RichStatus.InvalidArgument(e.Errors.Select(x => x.Field == "limit" ? x with { Field = "page_size" } : x).ToList());
        }
    }

    /// <summary>The REST listing's request from the gRPC one; unset optional fields are unset filters.</summary>
    private static GenerationListRequest ListRequest(ListGenerationsRequest request) => new()
    {
        // proto3 cannot tell an unset page_size from 0: 0 means the default page.
        Limit = request.PageSize == 0 ? null : request.PageSize,
        Cursor = request.Cursor,
        Status = request.Status,
        Genre = request.Genre,
        Mood = request.Mood,
        Key = request.Key,
        Mode = request.Mode,
        MinBpm = request.HasMinBpm ? request.MinBpm : null,
        MaxBpm = request.HasMaxBpm ? request.MaxBpm : null,
        MinDurationMs = request.HasMinDurationMs ? request.MinDurationMs : null,
        MaxDurationMs = request.HasMaxDurationMs ? request.MaxDurationMs : null,
        Intensity = request.HasIntensity ? request.Intensity : null,
        Loop = request.HasLoop ? request.Loop : null,
        Stems = request.HasStems ? request.Stems : null,
        CreatedAfter = Instant(request.CreatedAfter, "created_after"),
        CreatedBefore = Instant(request.CreatedBefore, "created_before"),
        Labels = request.Labels.Count > 0 ? request.Labels : null,
        Q = request.Q,
        Sort = request.Sort,
        BatchId = request.BatchId,
        ParentId = request.ParentId,
    };

    /// <exception cref="RequestValidationException">Seconds or nanos outside what a timestamp can hold.</exception>
    private static DateTimeOffset? Instant(Timestamp? value, string field)
    {
        try
        {
            return value?.ToDateTimeOffset();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new RequestValidationException([new FieldError(field, "is not a valid timestamp")]);
        }
    }

    [RequireScope(ApiKeyScopes.Generate)]
    public override async Task<CancelGenerationResponse> CancelGeneration(CancelGenerationRequest request, ServerCallContext context)
    {
        try
        {
            var view = Guid.TryParse(request.Id, out var id) ? await generations.CancelAsync(context.Caller().TenantId, id, context.CancellationToken) : null;
            return view is null ? throw NotFound() : new CancelGenerationResponse { Generation = GenerationMapper.ToProto(view, await links.SignerAsync(context.CancellationToken)) };
        }
        catch (GenerationConflictException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
    }

    [RequireScope(ApiKeyScopes.Read)]
    public override async Task StreamGeneration(StreamGenerationRequest request, IServerStreamWriter<StreamGenerationResponse> responseStream, ServerCallContext context)
    {
        var view = await GetOrThrowAsync(request.Id, context);
        var ct = context.CancellationToken;
        var following = new Following();
        await foreach (var message in follower.FollowAsync(context.Caller().TenantId, view, following, ct))
        {
            await responseStream.WriteAsync(message, ct);
        }

        view = following.Finished ?? throw NotFound();
        var sent = following.AudioOffset;
        if (view.Record.Status == GenerationStatuses.Succeeded)
        {
            // Audio past its plan's retention is refused as over REST (410 there), whether or not it was swept yet.
            var mix = view.Audio.FirstOrDefault(a => a.Name == "mix");
            if (await retention.ExpiredAtAsync(view, mix, context.Caller().PlanId, ct) is { } expiredAt)
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, AudioRetention.Explain(expiredAt)));
            }

            await StreamStoredAsync(view, sent, responseStream, ct);
        }

        await responseStream.WriteAsync(new StreamGenerationResponse { Completed = GenerationMapper.ToProto(view, await links.SignerAsync(context.CancellationToken)) }, ct);
    }

    /// <summary>Sends the stored mix from <paramref name="offset"/> on (all of it when the job finished before the call).</summary>
    private async Task StreamStoredAsync(GenerationView view, long offset, IServerStreamWriter<StreamGenerationResponse> responseStream, CancellationToken ct)
    {
        if (view.Audio.FirstOrDefault(a => a.Name == "mix") is not { } mix)
        {
            return;
        }

        try
        {
            await foreach (var (at, data) in StoredAudioChunks.ReadAsync(store, mix, offset, ct))
            {
                await responseStream.WriteAsync(new StreamGenerationResponse
                {
                    Audio = new AudioData { ContentType = mix.ContentType, Offset = at, Data = ByteString.CopyFrom(data.Span), Last = at + data.Length >= mix.SizeBytes },
                }, ct);
            }
        }
        catch (FileNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.DataLoss, "the stored audio is missing"));
        }
    }

    private async Task<GenerationView> GetOrThrowAsync(string id, ServerCallContext context)
    {
        var view = Guid.TryParse(id, out var guid) ? await generations.GetAsync(context.Caller().TenantId, guid, context.CancellationToken) : null;
        return view ?? throw NotFound();
    }

    private static RpcException NotFound() => new(new Status(StatusCode.NotFound, "no generation with this id"));
}
