using System.Text.Json;
using Grpc.Core;
using Mureka.Contracts.Inference.V1;
using Mureka.Engine;
using Mureka.Engine.Adaptive.Package;
using Mureka.Engine.Encoding;
using Mureka.Inference.Host.Generation.Internal;
using Mureka.Inference.Host.Telemetry;
using Mureka.Spec;
using Mureka.Spec.Adaptive;

namespace Mureka.Inference.Host.Generation;

/// <summary>
/// Runs one RenderAdaptiveSet call: checks the resolved set, renders it on the engine, packs the zip an audio team
/// receives and streams it back as the object "archive", then the result. A set holds one unit of the host's capacity,
/// like one item of a batch, and is cancellable through CancelItem like one.
/// </summary>
internal sealed partial class AdaptiveSetGenerator(
    MurekaEngine engine,
    CapacityLimiter capacity,
    RunningItems running,
    HostMetrics metrics,
    ILogger<AdaptiveSetGenerator> logger)
{
    public const string ArchiveObject = "archive";

    public const string ZipContentType = "application/zip";

    public async Task RenderAsync(RenderAdaptiveSetRequest request, IServerStreamWriter<GenerateResponse> stream, CancellationToken callToken)
    {
        if (request.ItemId.Length == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "item_id is required"));
        }

        var (set, violations) = Check(request);
        using var lease = capacity.TryAcquire(1)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, $"host is at capacity ({capacity.InUse}/{capacity.Capacity} items in flight)"));
        using var call = CancellationTokenSource.CreateLinkedTokenSource(callToken);
        await using (var responses = new ResponseChannel(stream, call))
        {
            if (set is null)
            {
                var error = new ItemError { Code = ItemErrorCode.InvalidSpec, Message = "the adaptive set is invalid" };
                error.Violations.AddRange(violations);
                await responses.WriteAsync(new GenerateResponse { ItemId = request.ItemId, Error = error }, call.Token).ConfigureAwait(false);
                metrics.ItemFinished("invalid");
            }
            else
            {
                // ItemRun carries a track spec for batched renders; a set's first state stands in, it is never rendered from there.
                using var run = new ItemRun(request.ItemId, set.States[0].Spec, request.Provenance, responses, call.Token);
                using (running.Register(request.BatchId, [run]))
                {
                    await RenderSetAsync(request, set, run, responses, call.Token).ConfigureAwait(false);
                }
            }

            await responses.CompleteAsync().ConfigureAwait(false);
        }

        callToken.ThrowIfCancellationRequested();
    }

    private (ResolvedAdaptiveSet? Set, IReadOnlyList<FieldViolation> Violations) Check(RenderAdaptiveSetRequest request)
    {
        var errors = new List<FieldError>();
        ResolvedAdaptiveSet? set = null;
        try
        {
            set = ResolvedAdaptiveSetJson.Read(request.ResolvedSetJson);
            if (!string.Equals(set.Model, engine.Model.Info.Id, StringComparison.Ordinal))
            {
                errors.Add(new FieldError("model", $"this host serves '{engine.Model.Info.Id}'"));
            }

            errors.AddRange(ResolvedAdaptiveSetJson.Validate(set));
        }
        catch (JsonException e)
        {
            errors.Add(new FieldError("resolved_set_json", $"is not a resolved adaptive set: {e.Message}"));
        }

        var violations = errors.Select(e => new FieldViolation { Field = e.Field, Description = e.Message }).ToList();
        violations.AddRange(SpecCheck.ProvenanceViolations(request.Provenance));
        return violations.Count == 0 ? (set, []) : (null, violations);
    }

    private async Task RenderSetAsync(RenderAdaptiveSetRequest request, ResolvedAdaptiveSet set, ItemRun run, ResponseChannel responses, CancellationToken callToken)
    {
        try
        {
            var render = await engine.RenderAdaptiveSetAsync(set, run, run.Token).ConfigureAwait(false);
            run.Report(new RenderProgress(RenderStage.Encoding, 0.95));
            var title = request.Title.Length > 0 ? request.Title : $"Mureka set {set.Seed}";
            var tags = request.Provenance is { } p ? new FileTags(p.GenerationId, p.LicenseId, render.States[0].Full.Software) : null;
            var archive = await AudioObjectStreamer.StreamAsync(
                responses, run.ItemId, ArchiveObject, ZipContentType, (s, ct) => AdaptiveSetPackage.WriteZipAsync(render, title, tags, s, ct), run.Token).ConfigureAwait(false);
            var result = new ItemResult
            {
                MetadataJson = JsonSerializer.Serialize(AdaptiveSidecarBuilder.Build(render, title), AdaptiveSetPackage.Json),
                // Every state, transition and stinger renders exactly its resolved length, so what the set bills is known
                // from the set itself; the gateway quoted the same number before anything rendered.
                RenderedMs = set.BilledMilliseconds,
            };
            result.Objects.Add(archive);
            run.End();
            await responses.WriteAsync(new GenerateResponse { ItemId = run.ItemId, Result = result }, run.Token).ConfigureAwait(false);
            metrics.ItemFinished("ok");
        }
        catch (Exception) when (callToken.IsCancellationRequested)
        {
            run.End();
            metrics.ItemFinished("canceled");
        }
        catch (OperationCanceledException) when (run.CancelRequested)
        {
            run.End();
            await responses.WriteAsync(new GenerateResponse { ItemId = run.ItemId, Error = new ItemError { Code = ItemErrorCode.Canceled, Message = "canceled by CancelItem" } }, callToken).ConfigureAwait(false);
            metrics.ItemFinished("canceled");
        }
        catch (Exception ex)
        {
            run.End();
            LogSetFailed(logger, run.ItemId, ex);
            await responses.WriteAsync(new GenerateResponse { ItemId = run.ItemId, Error = new ItemError { Code = ItemErrorCode.Internal, Message = "rendering failed" } }, callToken).ConfigureAwait(false);
            metrics.ItemFinished("failed");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Adaptive set {ItemId} failed")]
    private static partial void LogSetFailed(ILogger logger, string itemId, Exception exception);
}
