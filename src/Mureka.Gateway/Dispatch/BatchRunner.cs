using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Mureka.Contracts.Api.V1;
using Mureka.Contracts.Inference.V1;
using Mureka.Gateway.Data;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Observability;
using Mureka.Gateway.Storage;

namespace Mureka.Gateway.Dispatch;

/// <summary>
/// Runs one Generate call: streams audio into the store (and mix chunks to live subscribers), then
/// commits each item's audio objects, usage and status in one transaction as its result arrives.
/// </summary>
public sealed partial class BatchRunner(
    GenerationRepository repository,
    IAudioStore store,
    GenerationEventHub hub,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider,
    ILogger<BatchRunner> logger)
{
    /// <summary>Attempts a job gets when hosts fail under it (a host that was never reached does not count: the job stays queued).</summary>
    public const int MaxAttempts = 3;

    /// <returns>True when some jobs went back to the queue and should be retried.</returns>
    public async Task<bool> RunAsync(HostClient host, string batchId, IReadOnlyList<GenerationRecord> jobs, Func<Guid, bool> isCanceled, CancellationToken stoppingToken)
    {
        using var activity = StartActivity(batchId, host, jobs);
        var items = jobs.ToDictionary(j => j.Id.ToString(), j => new ItemState(j));
        foreach (var job in jobs)
        {
            hub.Start(job.Id);
        }

        var request = new GenerateRequest { BatchId = batchId };
        foreach (var job in jobs)
        {
            request.Items.Add(new GenerateItem { ItemId = job.Id.ToString(), Spec = StoredSpec.Read(job.Resolved).ToTrackSpec() });
        }

        var now = timeProvider.GetUtcNow();
        var deadline = jobs.Select(j => new DateTimeOffset(DateTime.SpecifyKind(j.DeadlineAt, DateTimeKind.Utc))).Append(now + options.Value.HostCallDeadline).Min();
        try
        {
            using var call = host.Inference.Generate(request, deadline: deadline.UtcDateTime, cancellationToken: stoppingToken);
            await foreach (var response in call.ResponseStream.ReadAllAsync(stoppingToken))
            {
                if (items.TryGetValue(response.ItemId, out var item) && !item.Done)
                {
                    await HandleAsync(item, response, isCanceled(item.Job.Id), stoppingToken);
                }
            }

            foreach (var item in items.Values.Where(i => !i.Done))
            {
                await FinishFailedAsync(item, "the inference host ended the batch without a result for this item");
            }

            return false;
        }
        catch (Exception e) when (stoppingToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Shutting down: the jobs go back to the queue for the next start.
            await repository.RequeueAsync(items.Values.Where(i => !i.Done).Select(i => i.Job.Id).ToList(), jobs[0].LeaseOwner, timeProvider.GetUtcNow(), CancellationToken.None);
            return false;
        }
        catch (RpcException e) when (IsHostFault(e.StatusCode))
        {
            // The host went away or was full: back to the queue (retried with backoff until the deadline),
            // unless a job already used its attempts.
            LogRequeue(logger, host.Url, e.StatusCode, e.Status.Detail);
            var open = items.Values.Where(i => !i.Done).ToList();
            await repository.RequeueAsync(open.Where(i => i.Job.Attempts < MaxAttempts).Select(i => i.Job.Id).ToList(), jobs[0].LeaseOwner, timeProvider.GetUtcNow(), CancellationToken.None);
            foreach (var item in open.Where(i => i.Job.Attempts >= MaxAttempts))
            {
                await FinishFailedAsync(item, $"the inference host failed {MaxAttempts} times: {e.StatusCode} {e.Status.Detail}");
            }

            return true;
        }
        catch (RpcException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Status.Detail);
            var reason = e.StatusCode == StatusCode.DeadlineExceeded
                ? "the render did not finish before the deadline"
                : $"the inference host failed: {e.StatusCode} {e.Status.Detail}";
            foreach (var item in items.Values.Where(i => !i.Done))
            {
                await FinishFailedAsync(item, reason);
            }

            return false;
        }
        finally
        {
            foreach (var item in items.Values)
            {
                await item.DisposeAsync();
                hub.Finish(item.Job.Id);
            }
        }
    }

    /// <summary>
    /// Failures that say more about the host than about the items, so another host may well succeed. A host
    /// process that dies mid-stream shows up as Unavailable (connection gone), Internal (stream reset) or
    /// Cancelled (the host cancelled its calls while shutting down); the caller's own cancellation is handled
    /// before this is asked. Attempts are bounded, so an item that breaks every host still ends.
    /// </summary>
    internal static bool IsHostFault(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal or StatusCode.Cancelled;

    private async Task HandleAsync(ItemState item, GenerateResponse response, bool canceled, CancellationToken cancellationToken)
    {
        var id = item.Job.Id;
        switch (response.EventCase)
        {
            case GenerateResponse.EventOneofCase.Progress when !canceled:
                hub.Publish(id, new StreamGenerationResponse
                {
                    Progress = new GenerationProgress { Status = GenerationStatus.Running, Stage = response.Progress.Stage, Fraction = response.Progress.Fraction },
                });
                break;
            case GenerateResponse.EventOneofCase.Audio when !canceled:
                await WriteChunkAsync(item, response.Audio, cancellationToken);
                break;
            case GenerateResponse.EventOneofCase.Result:
                item.Done = true;
                var objects = item.Committed.Select(o => o).ToList();
                var completed = !canceled && await repository.CompleteAsync(
                    item.Job, response.Result.RenderedMs, string.IsNullOrEmpty(response.Result.MetadataJson) ? "{}" : response.Result.MetadataJson, objects, timeProvider.GetUtcNow(), CancellationToken.None);
                if (!completed)
                {
                    // Canceled (or failed by the sweeper) while the host was finishing: the audio is not kept.
                    foreach (var o in objects)
                    {
                        await store.DeleteAsync(o.StorageKey, CancellationToken.None);
                    }
                }

                hub.Finish(id);
                break;
            case GenerateResponse.EventOneofCase.Error:
                var error = response.Error;
                var reason = error.Code switch
                {
                    ItemErrorCode.Canceled => "canceled",
                    ItemErrorCode.InvalidSpec => "the inference host refused the spec: " + string.Join("; ", error.Violations.Select(v => $"{v.Field}: {v.Description}").DefaultIfEmpty(error.Message)),
                    _ => "render failed: " + error.Message,
                };
                await FinishFailedAsync(item, reason);
                break;
            default:
                break;
        }
    }

    private async Task WriteChunkAsync(ItemState item, AudioChunk chunk, CancellationToken cancellationToken)
    {
        var key = StorageExtensions.KeyFor(item.Job.Id, chunk.Object, chunk.ContentType);
        if (!item.Writers.TryGetValue(chunk.Object, out var writer))
        {
            writer = await store.CreateAsync(key, cancellationToken);
            item.Writers[chunk.Object] = writer;
        }

        if (chunk.Offset != writer.Length)
        {
            throw new RpcException(new Status(StatusCode.DataLoss, $"chunk of {chunk.Object} at offset {chunk.Offset}, expected {writer.Length}"));
        }

        await writer.WriteAsync(chunk.Data.Memory, cancellationToken);
        if (chunk.Object == "mix")
        {
            hub.Publish(item.Job.Id, new StreamGenerationResponse
            {
                Audio = new AudioData { ContentType = chunk.ContentType, Offset = chunk.Offset, Data = chunk.Data, Last = chunk.Last },
            });
        }

        if (chunk.Last)
        {
            var sha256 = await writer.CommitAsync(cancellationToken);
            item.Committed.Add(new AudioObjectRecord
            {
                GenerationId = item.Job.Id, Name = chunk.Object, ContentType = chunk.ContentType, SizeBytes = writer.Length, Sha256 = sha256, StorageKey = key,
            });
            item.Writers.Remove(chunk.Object);
            await writer.DisposeAsync();
        }
    }

    private async Task FinishFailedAsync(ItemState item, string reason)
    {
        item.Done = true;
        // Guarded by the claim's lease: after a takeover the job is another replica's to finish.
        await repository.FailClaimedAsync(item.Job, reason, timeProvider.GetUtcNow(), CancellationToken.None);
        foreach (var o in item.Committed)
        {
            await store.DeleteAsync(o.StorageKey, CancellationToken.None);
        }

        hub.Finish(item.Job.Id);
    }

    private static Activity? StartActivity(string batchId, HostClient host, IReadOnlyList<GenerationRecord> jobs)
    {
        // The batch continues the trace of its first job's request; the other jobs' traces are linked.
        ActivityContext.TryParse(jobs[0].TraceParent, null, out var parent);
        var links = jobs.Skip(1)
            .Select(j => ActivityContext.TryParse(j.TraceParent, null, out var c) ? new ActivityLink(c) : default)
            .Where(l => l.Context != default)
            .ToList();
        var activity = GatewayTelemetry.Source.StartActivity("dispatch batch", ActivityKind.Internal, parent, links: links);
        activity?.SetTag("mureka.batch_id", batchId);
        activity?.SetTag("mureka.host", host.Url);
        activity?.SetTag("mureka.batch_size", jobs.Count);
        activity?.SetTag("mureka.generation_id", jobs[0].Id.ToString());
        return activity;
    }

    private sealed class ItemState(GenerationRecord job) : IAsyncDisposable
    {
        public GenerationRecord Job { get; } = job;

        public Dictionary<string, IAudioWriter> Writers { get; } = [];

        public List<AudioObjectRecord> Committed { get; } = [];

        public bool Done { get; set; }

        public async ValueTask DisposeAsync()
        {
            foreach (var writer in Writers.Values)
            {
                await writer.DisposeAsync();
            }

            Writers.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} answered {StatusCode} ({Detail}); unfinished jobs re-queued")]
    private static partial void LogRequeue(ILogger logger, string host, StatusCode statusCode, string detail);
}
