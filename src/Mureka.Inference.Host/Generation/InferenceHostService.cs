using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mureka.Contracts.Inference.V1;
using Mureka.Engine;
using Mureka.Engine.Arrangement;
using Mureka.Inference.Host.Generation.Internal;
using Mureka.Inference.Host.Runtime;
using Mureka.Inference.Host.Warmup;

namespace Mureka.Inference.Host.Generation;

/// <summary>The gRPC surface of mureka.inference.v1.InferenceHost; the work lives in the services it calls.</summary>
internal sealed class InferenceHostService(
    IServiceProvider services,
    HostOptions options,
    HostIdentity identity,
    WarmupService warmup,
    RunningItems running) : InferenceHost.InferenceHostBase
{
    public override Task<GetInfoResponse> GetInfo(GetInfoRequest request, ServerCallContext context)
    {
        var engine = services.GetRequiredService<MurekaEngine>();
        var model = new ModelInfo { Id = engine.Model.Info.Id, Version = engine.Model.Info.Version };
        model.Genres.AddRange(GenreCatalog.All.Select(g => g.Id));
        var response = new GetInfoResponse
        {
            HostId = identity.HostId,
            MaxBatchSize = options.EffectiveMaxBatchSize,
            Capacity = options.EffectiveCapacity,
            ExecutionProvider = engine.Model.ExecutionProvider,
            Ready = warmup.IsReady,
        };
        response.Models.Add(model);
        return Task.FromResult(response);
    }

    public override async Task<WarmupResponse> Warmup(WarmupRequest request, ServerCallContext context)
    {
        var took = await warmup.WarmupAsync(context.CancellationToken).ConfigureAwait(false);
        return new WarmupResponse { Ready = true, Took = Duration.FromTimeSpan(took) };
    }

    public override Task Generate(GenerateRequest request, IServerStreamWriter<GenerateResponse> responseStream, ServerCallContext context) =>
        services.GetRequiredService<BatchGenerator>().GenerateAsync(request, responseStream, context.CancellationToken);

    public override Task RenderAdaptiveSet(RenderAdaptiveSetRequest request, IServerStreamWriter<GenerateResponse> responseStream, ServerCallContext context) =>
        services.GetRequiredService<AdaptiveSetGenerator>().RenderAsync(request, responseStream, context.CancellationToken);

    public override Task<CancelItemResponse> CancelItem(CancelItemRequest request, ServerCallContext context) =>
        Task.FromResult(new CancelItemResponse { Canceled = running.Cancel(request.BatchId, request.ItemId) });
}
