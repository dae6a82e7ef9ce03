using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Mureka.Accounts;
using Mureka.Contracts.Api.V1;
using Mureka.Contracts.Mapping;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Data;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Idempotency;
using Mureka.Gateway.Limits;
using Mureka.Gateway.Storage;
using Mureka.Spec;

namespace Mureka.Gateway.AdaptiveSets;

/// <summary>The public gRPC service for adaptive sets; the same operations as REST through <see cref="AdaptiveSetService"/>.</summary>
[Authorize]
public sealed class AdaptiveSetsGrpcService(AdaptiveSetService sets, IAudioStore store, AudioRetention retention, GrpcIdempotency idempotency)
    : Contracts.Api.V1.AdaptiveSets.AdaptiveSetsBase
{
    [RequireScope(ApiKeyScopes.Generate)]
    public override async Task<CreateAdaptiveSetResponse> CreateAdaptiveSet(CreateAdaptiveSetRequest request, ServerCallContext context)
    {
        try
        {
            var principal = context.Caller();
            return await idempotency.RunAsync(context, principal.TenantId, request, CreateAdaptiveSetResponse.Parser, async reservationId =>
                new CreateAdaptiveSetResponse { AdaptiveSet = AdaptiveSetMapper.ToProto(await sets.CreateAsync(principal, request.Spec.ToAdaptiveSetSpec(), reservationId, context.CancellationToken)) });
        }
        catch (Exception e) when (e is RequestValidationException or LimitExceededException or DispatchRejectedException)
        {
            throw GenerationsGrpcService.CreateRefusal(e);
        }
    }

    [RequireScope(ApiKeyScopes.Read)]
    public override async Task<EstimateAdaptiveSetResponse> EstimateAdaptiveSet(EstimateAdaptiveSetRequest request, ServerCallContext context)
    {
        try
        {
            return AdaptiveSetMapper.ToProto(await sets.EstimateAsync(context.Caller(), request.Spec.ToAdaptiveSetSpec(), context.CancellationToken));
        }
        catch (RequestValidationException e)
        {
            throw RichStatus.InvalidArgument(e.Errors);
        }
    }

    [RequireScope(ApiKeyScopes.Read)]
    public override async Task<GetAdaptiveSetResponse> GetAdaptiveSet(GetAdaptiveSetRequest request, ServerCallContext context)
    {
        var set = Guid.TryParse(request.Id, out var id) ? await sets.GetAsync(context.Caller().TenantId, id, context.CancellationToken) : null;
        return new GetAdaptiveSetResponse { AdaptiveSet = AdaptiveSetMapper.ToProto(set ?? throw NotFound()) };
    }

    [RequireScope(ApiKeyScopes.Generate)]
    public override async Task<CancelAdaptiveSetResponse> CancelAdaptiveSet(CancelAdaptiveSetRequest request, ServerCallContext context)
    {
        try
        {
            var set = Guid.TryParse(request.Id, out var id) ? await sets.CancelAsync(context.Caller().TenantId, id, context.CancellationToken) : null;
            return new CancelAdaptiveSetResponse { AdaptiveSet = AdaptiveSetMapper.ToProto(set ?? throw NotFound()) };
        }
        catch (GenerationConflictException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
    }

    [RequireScope(ApiKeyScopes.Read)]
    public override async Task DownloadAdaptiveSetArchive(DownloadAdaptiveSetArchiveRequest request, IServerStreamWriter<DownloadAdaptiveSetArchiveResponse> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var caller = context.Caller();
        var view = (Guid.TryParse(request.Id, out var id) ? await sets.GetViewAsync(caller.TenantId, id, ct) : null) ?? throw NotFound();
        if (view.Record.Status != GenerationStatuses.Succeeded)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"the adaptive set is {view.Record.Status}; its archive exists once it succeeded"));
        }

        var archive = view.Audio.FirstOrDefault(a => a.Name == AudioObjectKinds.Archive);
        if (await retention.ExpiredAtAsync(view, archive, caller.PlanId, ct) is { } expiredAt)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, AudioRetention.Explain(expiredAt)));
        }

        if (archive is null)
        {
            throw new RpcException(new Status(StatusCode.DataLoss, "the stored archive is missing"));
        }

        try
        {
            await foreach (var (at, data) in StoredAudioChunks.ReadAsync(store, archive, 0, ct))
            {
                await responseStream.WriteAsync(new DownloadAdaptiveSetArchiveResponse
                {
                    ContentType = archive.ContentType, Offset = at, Data = ByteString.CopyFrom(data.Span), Last = at + data.Length >= archive.SizeBytes,
                }, ct);
            }
        }
        catch (FileNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.DataLoss, "the stored archive is missing"));
        }
    }

    private static RpcException NotFound() => new(new Status(StatusCode.NotFound, "no adaptive set with this id"));
}
