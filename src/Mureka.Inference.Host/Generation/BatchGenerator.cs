using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Grpc.Core;
using Mureka.Contracts.Inference.V1;
using Mureka.Engine;
using Mureka.Engine.Encoding;
using Mureka.Engine.Music;
using Mureka.Engine.Serialization;
using Mureka.Inference.Host.Generation.Internal;
using Mureka.Inference.Host.Telemetry;
using Mureka.Spec;
using Mureka.Spec.Timing;

namespace Mureka.Inference.Host.Generation;

/// <summary>
/// Runs one Generate call: validates, admits against capacity, composes every valid item in one engine batch, and
/// streams each item's progress, audio and result as soon as that item is ready.
/// </summary>
internal sealed partial class BatchGenerator(
    MurekaEngine engine,
    HostOptions options,
    CapacityLimiter capacity,
    RunningItems running,
    HostMetrics metrics,
    TimeProvider time,
    ILogger<BatchGenerator> logger)
{
    private enum Outcome
    {
        Ok,
        Invalid,
        Canceled,
        Failed,
    }

    public async Task GenerateAsync(GenerateRequest request, IServerStreamWriter<GenerateResponse> stream, CancellationToken callToken)
    {
        var started = time.GetTimestamp();
        BatchRequestValidator.Validate(request, options.EffectiveMaxBatchSize);
        var modelId = engine.Model.Info.Id;
        var planned = request.Items.Select(item => (item.ItemId, Check: TrackSpecCheck.Check(item.Spec, modelId).WithProvenance(item.Provenance))).ToList();
        var valid = planned.Where(p => p.Check.Spec is not null).ToList();

        var lease = capacity.TryAcquire(valid.Count)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, $"host is at capacity ({capacity.InUse}/{capacity.Capacity} items in flight)"));
        Task engineDone = Task.CompletedTask;
        try
        {
            using var activity = HostTelemetry.Source.StartActivity("generate");
            activity?.SetTag("mureka.batch.id", request.BatchId);
            activity?.SetTag("mureka.batch.size", valid.Count);
            metrics.BatchStarted(valid.Count);

            using var call = CancellationTokenSource.CreateLinkedTokenSource(callToken);
            var outcomes = new List<Outcome>(planned.Count);
            await using (var responses = new ResponseChannel(stream, call))
            {
                foreach (var (itemId, check) in planned.Where(p => p.Check.Spec is null))
                {
                    var error = new ItemError { Code = ItemErrorCode.InvalidSpec, Message = "the track spec is invalid" };
                    error.Violations.AddRange(check.Violations);
                    await responses.WriteAsync(new GenerateResponse { ItemId = itemId, Error = error }, call.Token).ConfigureAwait(false);
                    outcomes.Add(Outcome.Invalid);
                    metrics.ItemFinished("invalid");
                }

                var runs = valid.Select(v => new ItemRun(v.ItemId, v.Check.Spec!, v.Check.Provenance, responses, call.Token)).ToList();
                var mixStreams = runs.Select(r => options.Progressive ? new MixChunkStream(responses, r.ItemId, r.Request.Format.ContentType(), r.Token) : null).ToList();
                try
                {
                    using (running.Register(request.BatchId, runs))
                    {
                        var batchItems = runs.Select((r, i) => new BatchItem(r.Request, r, r.Token)
                        {
                            MixStream = mixStreams[i] is { } mixStream ? new MixStreamTarget(mixStream, TagsFor(r)) : null,
                        });
                        var render = engine.StartBatch([.. batchItems], call.Token);
                        engineDone = render.Completion;
                        var items = runs.Select((run, i) => StreamItemAsync(run, render.Items[i], responses, mixStreams[i], call.Token)).ToList();
                        await TraceCompositionAsync(render.Composition).ConfigureAwait(false);
                        using (HostTelemetry.Source.StartActivity("render"))
                        {
                            outcomes.AddRange(await Task.WhenAll(items).ConfigureAwait(false));
                        }
                    }
                }
                finally
                {
                    foreach (var run in runs)
                    {
                        run.Dispose();
                    }

                    foreach (var mixStream in mixStreams.OfType<MixChunkStream>())
                    {
                        await mixStream.DisposeAsync().ConfigureAwait(false);
                    }
                }

                try
                {
                    await responses.CompleteAsync().ConfigureAwait(false);
                }
                catch (Exception) when (call.IsCancellationRequested)
                {
                    // Reported below as the call's own status; the batch line is still logged.
                }
            }

            var elapsed = time.GetElapsedTime(started);
            metrics.BatchFinished(elapsed);
            var counts = new int[Enum.GetValues<Outcome>().Length];
            foreach (var outcome in outcomes)
            {
                counts[(int)outcome]++;
            }

            LogBatch(
                logger,
                request.BatchId,
                planned.Count,
                counts[(int)Outcome.Ok],
                counts[(int)Outcome.Invalid],
                counts[(int)Outcome.Canceled],
                counts[(int)Outcome.Failed],
                (long)elapsed.TotalMilliseconds);
            callToken.ThrowIfCancellationRequested();
            call.Token.ThrowIfCancellationRequested();
        }
        finally
        {
            // Capacity is held until the engine has really stopped, including work that is winding down after a cancel.
            _ = engineDone.ContinueWith(_ => lease.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private static async Task TraceCompositionAsync(Task composition)
    {
        using var activity = HostTelemetry.Source.StartActivity("compose");
        try
        {
            await composition.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Each item reports its own failure; the span only records that the shared decode did not finish.
            activity?.SetStatus(ActivityStatusCode.Error, ex is OperationCanceledException ? "canceled" : ex.Message);
        }
    }

    /// <summary>What an item's files carry in their tags: its generation and licence, and what rendered it.</summary>
    private FileTags? TagsFor(ItemRun run) =>
        run.Provenance is { } provenance ? new FileTags(provenance.GenerationId, provenance.LicenseId, engine.Software) : null;

    /// <param name="mixStream">Where the mix went while it rendered, when the engine streamed it.</param>
    private async Task<Outcome> StreamItemAsync(ItemRun run, Task<RenderResult> rendering, ResponseChannel responses, MixChunkStream? mixStream, CancellationToken callToken)
    {
        try
        {
            var result = await rendering.ConfigureAwait(false);
            var token = run.Token;
            run.Report(new RenderProgress(RenderStage.Encoding, 0.95));
            var contentType = result.Request.Format.ContentType();
            var tags = TagsFor(run);
            var mix = result.MixStreamed && mixStream is not null
                ? await mixStream.CompleteAsync().ConfigureAwait(false)
                : await AudioObjectStreamer.StreamAsync(responses, run.ItemId, "mix", contentType, (s, ct) => result.WriteAsync(s, tags, ct), token).ConfigureAwait(false);
            mix.PcmSha256 = result.PcmSha256();
            var objects = new List<AudioObjectInfo> { mix };
            if (result.Request.Stems)
            {
                // An alt mix has only the stems it keeps.
                foreach (var stem in result.Audio.Stems.Keys.Order())
                {
                    var name = stem.ToString().ToLowerInvariant();
                    var info = await AudioObjectStreamer.StreamAsync(responses, run.ItemId, name, contentType, (s, ct) => result.WriteStemAsync(stem, s, tags, ct), token).ConfigureAwait(false);
                    info.PcmSha256 = result.StemPcmSha256(stem);
                    objects.Add(info);
                }
            }

            if (result.Request.Score)
            {
                var score = result.ScoreMidi();
                objects.Add(await AudioObjectStreamer.StreamAsync(responses, run.ItemId, "score", MidiWriter.ContentType, (s, ct) => s.WriteAsync(score, ct).AsTask(), token).ConfigureAwait(false));
            }

            if (result.Metadata.Continuation is not null)
            {
                var continuation = await AudioObjectStreamer.StreamAsync(responses, run.ItemId, "continuation", contentType, (s, ct) => result.WriteContinuationAsync(s, tags, ct), token).ConfigureAwait(false);
                objects.Add(continuation);
            }

            var itemResult = new ItemResult
            {
                MetadataJson = JsonSerializer.Serialize(result.Metadata, EngineJson.Options),
                // An extension bills only what it adds; the rest was billed with the piece it continues.
                RenderedMs = Math.Max(0, (long)Math.Round(result.Audio.Mix.Frames * 1000.0 / result.Audio.Mix.SampleRate) - RenderedLength.EarlierMilliseconds(result.Request)),
            };
            itemResult.Objects.AddRange(objects);
            run.End();
            await responses.WriteAsync(new GenerateResponse { ItemId = run.ItemId, Result = itemResult }, token).ConfigureAwait(false);
            metrics.ItemFinished("ok");
            return Outcome.Ok;
        }
        catch (Exception) when (callToken.IsCancellationRequested)
        {
            // The whole call is over (client cancelled, deadline, or the stream broke): nobody is listening.
            run.End();
            metrics.ItemFinished("canceled");
            return Outcome.Canceled;
        }
        catch (OperationCanceledException) when (run.CancelRequested)
        {
            run.End();
            await TryWriteErrorAsync(responses, run.ItemId, ItemErrorCode.Canceled, "canceled by CancelItem", callToken).ConfigureAwait(false);
            metrics.ItemFinished("canceled");
            return Outcome.Canceled;
        }
        catch (Exception ex)
        {
            run.End();
            LogItemFailed(logger, run.ItemId, ex);
            await TryWriteErrorAsync(responses, run.ItemId, ItemErrorCode.Internal, "rendering failed", callToken).ConfigureAwait(false);
            metrics.ItemFinished("failed");
            return Outcome.Failed;
        }
    }

    private static async Task TryWriteErrorAsync(ResponseChannel responses, string itemId, ItemErrorCode code, string message, CancellationToken callToken)
    {
        try
        {
            var error = new ItemError { Code = code, Message = message };
            await responses.WriteAsync(new GenerateResponse { ItemId = itemId, Error = error }, callToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            // The call ended meanwhile.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId}: {Items} items ({Ok} ok, {Invalid} invalid, {Canceled} canceled, {Failed} failed) in {ElapsedMs} ms")]
    private static partial void LogBatch(ILogger logger, string batchId, int items, int ok, int invalid, int canceled, int failed, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Item {ItemId} failed")]
    private static partial void LogItemFailed(ILogger logger, string itemId, Exception exception);
}
