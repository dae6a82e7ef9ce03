using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Mureka.Batching.Internal;

namespace Mureka.Batching;

public sealed partial class Batcher
{
    private async Task RunAsync(CancellationToken stop)
    {
        var reader = _commands.Reader;
        var snapshotReplies = new List<TaskCompletionSource<BatcherSnapshot>>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                while (reader.TryRead(out var command))
                {
                    Handle(command, snapshotReplies);
                }

                while (_completed.TryDequeue(out var batchId))
                {
                    _running.Remove(batchId);
                }

                var now = _time.GetUtcNow();
                ReportTimedOut(_state.ExpireTimedOut(now), stop);
                var wakeAt = DispatchDue(now, stop);
                Volatile.Write(ref _depth, _state.Count);
                foreach (var reply in snapshotReplies)
                {
                    reply.TrySetResult(new BatcherSnapshot(_state.Count, _running.Count, Volatile.Read(ref _capacity)));
                }

                snapshotReplies.Clear();
                if (!await WaitAsync(reader, wakeAt, stop))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Closed with the fault: later callers are refused at once instead of waiting for a loop that is gone.
            _commands.Writer.TryComplete(e);
            LogLoopFailed(_logger, e);
            throw;
        }
        finally
        {
            // Whatever is still in the channel gets an answer, so no caller waits forever.
            while (reader.TryRead(out var command))
            {
                RejectOnShutdown(command);
            }

            foreach (var reply in snapshotReplies)
            {
                reply.TrySetCanceled(stop);
            }
        }
    }

    private void Handle(BatcherCommand command, List<TaskCompletionSource<BatcherSnapshot>> snapshotReplies)
    {
        switch (command)
        {
            case BatcherCommand.Enqueue enqueue:
                var result = _state.TryEnqueue(enqueue.Item, _time.GetUtcNow());
                if (!result.Accepted)
                {
                    _metrics.RecordRejected(enqueue.Item.Model, result.Reason);
                }

                enqueue.Reply.TrySetResult(result);
                break;
            case BatcherCommand.Requeue requeue:
                foreach (var item in requeue.Items)
                {
                    // Refused here (queue full) is fine: the job's row is queued and the dispatcher's poll brings it back.
                    _state.TryEnqueue(item, _time.GetUtcNow());
                }

                break;
            case BatcherCommand.Cancel cancel:
                cancel.Reply.TrySetResult(_state.Cancel(cancel.Id) is not null);
                break;
            case BatcherCommand.Snapshot snapshot:
                snapshotReplies.Add(snapshot.Reply);
                break;
            case BatcherCommand.Wake:
                break;
        }
    }

    private static void RejectOnShutdown(BatcherCommand command)
    {
        switch (command)
        {
            case BatcherCommand.Enqueue enqueue:
                enqueue.Reply.TrySetResult(AdmissionResult.Rejected(RejectReason.ShuttingDown, TimeSpan.Zero));
                break;
            case BatcherCommand.Cancel cancel:
                cancel.Reply.TrySetResult(false);
                break;
            case BatcherCommand.Snapshot snapshot:
                snapshot.Reply.TrySetCanceled();
                break;
        }
    }

    private DateTimeOffset? DispatchDue(DateTimeOffset now, CancellationToken stop)
    {
        while (true)
        {
            // Idle: nothing in flight, so a lone request starts now instead of waiting out the fill window.
            var idle = _running.Count == 0 && _options.DispatchWhenIdle;
            var decision = _state.NextBatch(now, Volatile.Read(ref _capacity) - _running.Count, idle);
            if (decision.Batch is not { } batch)
            {
                return decision.WakeAt;
            }

            _metrics.RecordBatch(batch);
            _running.Add(batch.Id, Task.Run(() => ExecuteAsync(batch, stop), CancellationToken.None));
        }
    }

    private async Task ExecuteAsync(Batch batch, CancellationToken stop)
    {
        try
        {
            var unfinished = await _executor.ExecuteAsync(batch, stop);
            if (unfinished.Count > 0)
            {
                await TryWriteAsync(new BatcherCommand.Requeue(unfinished), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The executor owns the items' fate (retry elsewhere, fail the jobs); here it only frees the slot.
            LogBatchFailed(_logger, batch.Id, e);
        }
        finally
        {
            // Not a channel command: a full channel must never lose a freed slot. The wake may be
            // dropped when the channel is full, but then the loop is about to run anyway.
            _completed.Enqueue(batch.Id);
            _commands.Writer.TryWrite(new BatcherCommand.Wake());
        }
    }

    private void ReportTimedOut(IReadOnlyList<QueuedItem> expired, CancellationToken stop)
    {
        _background.RemoveAll(t => t.IsCompleted);
        if (expired.Count == 0)
        {
            return;
        }

        _metrics.RecordTimedOut(expired.Count);
        _background.Add(Task.Run(
            async () =>
            {
                try
                {
                    await _executor.OnTimedOutAsync(expired, stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogTimeoutReportFailed(_logger, expired.Count, e);
                }
            },
            CancellationToken.None));
    }

    /// <summary>
    /// Sleeps until a command arrives or <paramref name="wakeAt"/> passes on the injected clock.
    /// False when the channel is closed.
    /// </summary>
    private async Task<bool> WaitAsync(ChannelReader<BatcherCommand> reader, DateTimeOffset? wakeAt, CancellationToken stop)
    {
        if (wakeAt is null)
        {
            return await reader.WaitToReadAsync(stop);
        }

        var delay = wakeAt.Value - _time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        using var waitCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var read = reader.WaitToReadAsync(waitCts.Token).AsTask();
        var timer = Task.Delay(delay, _time, waitCts.Token);

        // The clock may have moved between reading it and arming the timer; a timer armed late would
        // wait a full delay from the new time and miss the due moment.
        if (_time.GetUtcNow() < wakeAt.Value)
        {
            await Task.WhenAny(read, timer);
        }

        await waitCts.CancelAsync();
        return !read.IsCompletedSuccessfully || read.Result;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Batcher loop failed")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {BatchId} failed in the executor")]
    private static partial void LogBatchFailed(ILogger logger, Guid batchId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reporting {Count} timed-out items failed")]
    private static partial void LogTimeoutReportFailed(ILogger logger, int count, Exception exception);
}
