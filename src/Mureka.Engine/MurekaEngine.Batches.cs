using Mureka.Engine.Composer;
using Mureka.Engine.Internal;
using Mureka.Engine.Music;

namespace Mureka.Engine;

/// <summary>Batches whose items report progress and are cancelled one by one: one shared decode, then concurrent renders.</summary>
public sealed partial class MurekaEngine
{
    /// <summary>
    /// Starts a batch whose items report progress and can be cancelled one by one. The lead sheets are sampled together
    /// in one batched decode (rows never interact); then the items render concurrently on the engine's render workers
    /// (<see cref="RenderWorkers"/>, shared with every other batch), each starting in the batch's order as soon as a
    /// worker is free. Items share no state while they render, so an item's audio is byte-identical whatever else
    /// shares its batch and however many render at once. Cancelling <paramref name="cancellationToken"/> cancels every
    /// item; the decode stops early once every item is cancelled, and an item cancelled before its turn never starts.
    /// </summary>
    public BatchRender StartBatch(IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var outcomes = items.Select(_ => new TaskCompletionSource<RenderResult>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var composed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // An item's task ends the moment it is cancelled so callers can answer at once; the worker skips it later.
        var registrations = items
            .Select((item, i) => item.CancellationToken.Register(() => outcomes[i].TrySetCanceled(item.CancellationToken)))
            .ToList();
        var completion = RunBatchAsync(items, outcomes, composed, cancellationToken)
            .ContinueWith(
                _ =>
                {
                    foreach (var registration in registrations)
                    {
                        registration.Dispose();
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        return new BatchRender(composed.Task, outcomes.Select(o => o.Task).ToList(), completion);
    }

    private async Task RunBatchAsync(IReadOnlyList<BatchItem> items, TaskCompletionSource<RenderResult>[] outcomes, TaskCompletionSource composed, CancellationToken cancellationToken)
    {
        var compositions = await ComposeBatchAsync(items, outcomes, composed, cancellationToken).ConfigureAwait(false);
        if (compositions is not null)
        {
            await RenderItemsAsync(items, compositions, outcomes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The shared decode; null when it failed or was cancelled, after every outcome has been settled.</summary>
    private async Task<IReadOnlyList<Composition>?> ComposeBatchAsync(IReadOnlyList<BatchItem> items, TaskCompletionSource<RenderResult>[] outcomes, TaskCompletionSource composed, CancellationToken cancellationToken)
    {
        using var composeCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // The shared decode is only worth finishing while some item still wants its lead sheet.
        var open = items.Count;
        var registrations = items
            .Select(item => item.CancellationToken.Register(() =>
            {
                if (Interlocked.Decrement(ref open) == 0)
                {
                    composeCancellation.Cancel();
                }
            }))
            .ToList();
        try
        {
            var composeProgress = new InlineProgress<double>(p =>
            {
                foreach (var item in items)
                {
                    if (!item.CancellationToken.IsCancellationRequested)
                    {
                        item.Progress?.Report(new RenderProgress(RenderStage.Composing, 0.3 * p));
                    }
                }
            });
            var requests = items.Select(item => ToComposition(item.Request)).ToList();
            var compositions = await Task.Run(() => _composer.Compose(requests, composeProgress, composeCancellation.Token), CancellationToken.None).ConfigureAwait(false);
            composed.TrySetResult();
            return compositions;
        }
        catch (Exception ex)
        {
            var canceled = ex is OperationCanceledException;
            if (canceled)
            {
                composed.TrySetCanceled(cancellationToken);
            }
            else
            {
                composed.TrySetException(ex);
            }

            foreach (var outcome in outcomes)
            {
                _ = canceled ? outcome.TrySetCanceled(cancellationToken) : outcome.TrySetException(ex);
            }

            return null;
        }
        finally
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }

    /// <summary>
    /// Hands the items to the render workers in the batch's order: each waits for a free worker only after the one
    /// before it has one, so the first items are never overtaken. Returns when every started item has ended.
    /// </summary>
    private async Task RenderItemsAsync(IReadOnlyList<BatchItem> items, IReadOnlyList<Composition> compositions, TaskCompletionSource<RenderResult>[] outcomes, CancellationToken cancellationToken)
    {
        var running = new List<Task>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemCancellation = CancellationTokenSource.CreateLinkedTokenSource(items[i].CancellationToken, cancellationToken);
            var token = itemCancellation.Token;
            if (!await TryTakeWorkerAsync(token).ConfigureAwait(false))
            {
                // Cancelled before its turn: skipped without taking a worker, and the next item queues at once.
                outcomes[i].TrySetCanceled(token);
                itemCancellation.Dispose();
                continue;
            }

            running.Add(RenderItemAsync(items[i], compositions[i].LeadSheet, outcomes[i], itemCancellation));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>True with a worker taken; false (none taken) when <paramref name="token"/> was cancelled first.</summary>
    private async Task<bool> TryTakeWorkerAsync(CancellationToken token)
    {
        try
        {
            await _renderSlots.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return false;
        }

        // Cancelled just as the worker came free: hand it straight on.
        if (token.IsCancellationRequested)
        {
            _renderSlots.Release();
            return false;
        }

        return true;
    }

    /// <summary>Renders one item on the worker it holds, settles its outcome and frees the worker; never throws.</summary>
    private async Task RenderItemAsync(BatchItem item, LeadSheet leadSheet, TaskCompletionSource<RenderResult> outcome, CancellationTokenSource itemCancellation)
    {
        var token = itemCancellation.Token;
        try
        {
            // A thread of its own: a render blocks its thread for seconds (waiting on its parallel synths and mixer
            // passes), so on the thread pool a worker's item could sit queued behind other blocked renders until the
            // pool grows; a dedicated thread makes the worker count the real bound.
            // A windowed item runs on that thread up to its last await (the encoder finishing).
            var result = await Task.Factory.StartNew(
                () => RenderItemAsync(item.Request, leadSheet, item.Progress, item.MixStream, token),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap().ConfigureAwait(false);
            outcome.TrySetResult(result);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            outcome.TrySetCanceled(token);
        }
        catch (Exception ex)
        {
            outcome.TrySetException(ex);
        }
        finally
        {
            _renderSlots.Release();
            itemCancellation.Dispose();
        }
    }
}
