using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Mureka.Contracts.Api.V1;
using Mureka.Contracts.Inference.V1;
using Mureka.Gateway.Data;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Observability;
using Mureka.Gateway.Storage;
using Mureka.Licensing;

namespace Mureka.Gateway.Dispatch;

/// <summary>What became of one host call.</summary>
/// <param name="Requeued">Jobs that went back to the queue and may run again at once.</param>
/// <param name="HostFailed">The host failed the call or sent output the gateway refused: the circuit breaker hears of it.</param>
/// <param name="HostBusy">The host refused the whole batch only because it was full: it pauses, its circuit does not open.</param>
public sealed record BatchOutcome(IReadOnlyList<Guid> Requeued, bool HostFailed, bool HostBusy);

/// <summary>
/// Runs one Generate call: streams each item's audio into the store under its attempt's keys (and mix chunks to
/// live subscribers), then settles each item through <see cref="ClaimSettlement"/> as its result arrives. Every
/// way out — result, item error, refused output, a full disk, a host fault, a lost lease, shutdown — settles every
/// item: completed, requeued, failed, or left to lease expiry, with this attempt's files removed whenever they are not kept.
/// </summary>
public sealed partial class BatchRunner(
    ClaimSettlement settlement,
    IAudioStore store,
    GenerationEventHub hub,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider,
    ILogger<BatchRunner> logger)
{
    /// <param name="isAbandoned">Whether an item's output is no longer wanted (canceled, lease lost).</param>
    /// <param name="abort">Stops the call because its leases cannot be kept (the jobs are left to lease expiry).</param>
    /// <param name="stopping">The gateway's drain ran out: the jobs go back to the queue without spending an attempt.</param>
    public async Task<BatchOutcome> RunAsync(HostClient host, string batchId, IReadOnlyList<GenerationRecord> jobs, Func<Guid, bool> isAbandoned, CancellationToken abort, CancellationToken stopping)
    {
        using var activity = StartActivity(batchId, host, jobs);
        var items = new Dictionary<string, AttemptOutput>(StringComparer.Ordinal);
        var request = HostRequest.For(batchId, jobs, store);
        foreach (var item in request.Items)
        {
            items[item.Job.Id.ToString()] = item;
            hub.Start(item.Job.Id, item.Job.Attempts);
        }

        var requeued = new List<Guid>();
        var hostFailed = false;
        var hostBusy = false;
        using var callToken = CancellationTokenSource.CreateLinkedTokenSource(abort, stopping);
        try
        {
            var deadline = jobs.Select(j => new DateTimeOffset(DateTime.SpecifyKind(j.DeadlineAt, DateTimeKind.Utc)))
                .Append(timeProvider.GetUtcNow() + options.Value.HostCallDeadline).Min();
            using var call = request.Start(host.Inference, deadline.UtcDateTime, callToken.Token);
            await foreach (var response in call.ResponseStream.ReadAllAsync(callToken.Token))
            {
                if (items.TryGetValue(response.ItemId, out var item) && !item.Done)
                {
                    item.Started = true;
                    var settled = await HandleAsync(item, response, isAbandoned(item.Job.Id), abort, callToken.Token);
                    Record(item, settled, requeued);
                }
            }

            foreach (var item in Open(items))
            {
                Record(item, await settlement.RequeueOrFailAsync(item, "the inference host ended the batch without a result for this item", retry: true, abort), requeued);
                hostFailed = true;
            }
        }
        catch (Exception e) when (stopping.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            foreach (var item in Open(items))
            {
                await settlement.ReturnOnShutdownAsync(item);
            }
        }
        catch (Exception e) when (abort.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // The leases could not be renewed: another claim will run these jobs. Only this attempt's files go.
            foreach (var item in Open(items))
            {
                item.Done = true;
                await settlement.DeleteQuietlyAsync(item);
            }
        }
        catch (RpcException e) when (IsHostFault(e.StatusCode))
        {
            // The host went away or was full: another host may well succeed, within the attempts a job has.
            LogRequeue(logger, host.Url, e.StatusCode, e.Status.Detail);

            // Full before rendering anything (busy with other replicas' batches) says nothing against the host's health.
            hostBusy = e.StatusCode == StatusCode.ResourceExhausted && !items.Values.Any(i => i.Started);
            hostFailed = !hostBusy;
            foreach (var item in Open(items))
            {
                // A full host refused before rendering anything: that costs the job no attempt.
                var settled = e.StatusCode == StatusCode.ResourceExhausted && !item.Started
                    ? await settlement.ReturnUnstartedAsync(item, abort)
                    : await settlement.RequeueOrFailAsync(item, $"the inference host failed: {e.StatusCode} {e.Status.Detail}", retry: true, abort);
                Record(item, settled, requeued);
            }
        }
        catch (RpcException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Status.Detail);
            var reason = e.StatusCode == StatusCode.DeadlineExceeded
                ? "the render did not finish before the deadline"
                : $"the inference host failed: {e.StatusCode} {e.Status.Detail}";
            foreach (var item in Open(items))
            {
                Record(item, await settlement.RequeueOrFailAsync(item, reason, retry: false, abort), requeued);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else (a bug, an exhausted resource): nothing may stay running without a runner.
            LogUnexpected(logger, batchId, e);
            foreach (var item in Open(items))
            {
                Record(item, await settlement.RequeueOrFailAsync(item, "the gateway failed while receiving the render", retry: true, abort), requeued);
            }
        }
        finally
        {
            foreach (var item in items.Values)
            {
                await item.DisposeAsync();
                hub.Finish(item.Job.Id);
            }
        }

        return new BatchOutcome(requeued, hostFailed || items.Values.Any(i => i.Refused), hostBusy);
    }

    /// <summary>
    /// Failures that say more about the host than about the items, so another host may well succeed. A host
    /// process that dies mid-stream shows up as Unavailable (connection gone), Internal (stream reset) or
    /// Cancelled (the host cancelled its calls while shutting down); the gateway's own cancellation is handled
    /// before this is asked. Attempts are bounded, so an item that breaks every host still ends.
    /// </summary>
    internal static bool IsHostFault(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal or StatusCode.Cancelled;

    private static List<AttemptOutput> Open(Dictionary<string, AttemptOutput> items) => items.Values.Where(i => !i.Done).ToList();

    private static void Record(AttemptOutput item, Settlement? settled, List<Guid> requeued)
    {
        if (settled is null)
        {
            return;
        }

        item.Done = true;
        if (settled == Settlement.Requeued)
        {
            requeued.Add(item.Job.Id);
        }
    }

    /// <returns>How the item was settled, or null while it is still running.</returns>
    /// <param name="abort">Ends what settling may wait for (the leases are gone).</param>
    /// <param name="call">Ends writing too (the leases are gone, or the gateway stops).</param>
    private async Task<Settlement?> HandleAsync(AttemptOutput item, GenerateResponse response, bool abandoned, CancellationToken abort, CancellationToken call)
    {
        var id = item.Job.Id;
        switch (response.EventCase)
        {
            case GenerateResponse.EventOneofCase.Progress when !abandoned:
                hub.Publish(id, item.Job.Attempts, new StreamGenerationResponse
                {
                    Progress = new GenerationProgress { Status = GenerationStatus.Running, Stage = response.Progress.Stage, Fraction = response.Progress.Fraction },
                });
                return null;
            case GenerateResponse.EventOneofCase.Audio when !abandoned:
                return await WriteChunkAsync(item, response.Audio, abort, call);
            case GenerateResponse.EventOneofCase.Result when abandoned:
                await item.DeleteAsync(CancellationToken.None);
                return Settlement.Dropped;
            case GenerateResponse.EventOneofCase.Result:
                try
                {
                    item.Verify(response.Result);
                }
                catch (HostOutputException e)
                {
                    return await RefuseAsync(item, e, abort);
                }

                var settled = await settlement.CompleteAsync(item, response.Result, abort);
                hub.Finish(id);
                return settled;
            case GenerateResponse.EventOneofCase.Error:
                var error = response.Error;
                var reason = error.Code switch
                {
                    ItemErrorCode.Canceled => "canceled",
                    ItemErrorCode.InvalidSpec => "the inference host refused the spec: " + string.Join("; ", error.Violations.Select(v => $"{v.Field}: {v.Description}").DefaultIfEmpty(error.Message)),
                    _ => "render failed: " + error.Message,
                };
                return await settlement.RequeueOrFailAsync(item, reason, retry: false, abort);
            default:
                return null;
        }
    }

    private async Task<Settlement?> WriteChunkAsync(AttemptOutput item, AudioChunk chunk, CancellationToken abort, CancellationToken call)
    {
        try
        {
            await item.WriteAsync(chunk, call);

            // Published before the commit: live subscribers get the audio as it arrives, not after it is stored.
            if (chunk.Object == AudioObjectKinds.Mix)
            {
                hub.Publish(item.Job.Id, item.Job.Attempts, new StreamGenerationResponse
                {
                    Audio = new AudioData { ContentType = chunk.ContentType, Offset = chunk.Offset, Data = chunk.Data, Last = chunk.Last },
                });
            }

            if (chunk.Last)
            {
                await item.CommitAsync(chunk, call);
            }

            return null;
        }
        catch (HostOutputException e)
        {
            return await RefuseAsync(item, e, abort);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The store failed (a full disk, a lost mount): this attempt's files go and the job runs again, within its attempts.
            LogStoreFailed(logger, item.Job.Id, e);
            return await settlement.RequeueOrFailAsync(item, $"storing the audio failed: {e.Message}", retry: true, abort);
        }
    }

    private async Task<Settlement> RefuseAsync(AttemptOutput item, HostOutputException e, CancellationToken abort)
    {
        item.Refused = true;
        LogRefused(logger, item.Job.Id, e.Message);
        return await settlement.RequeueOrFailAsync(item, $"the inference host sent output that was refused: {e.Message}", retry: true, abort);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host} answered {StatusCode} ({Detail}); unfinished jobs re-queued")]
    private static partial void LogRequeue(ILogger logger, string host, StatusCode statusCode, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generation {GenerationId}: refused the host's output: {Reason}")]
    private static partial void LogRefused(ILogger logger, Guid generationId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {BatchId} failed unexpectedly; its unfinished jobs were settled")]
    private static partial void LogUnexpected(ILogger logger, string batchId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Generation {GenerationId}: storing audio failed")]
    private static partial void LogStoreFailed(ILogger logger, Guid generationId, Exception exception);
}
