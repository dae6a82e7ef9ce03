using System.Runtime.CompilerServices;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Data;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Follows one generation until it is finished, for every streaming answer (gRPC <c>StreamGeneration</c>, REST
/// server-sent events, progressive audio): its status, then live progress and mix audio in order while this replica
/// runs it. It subscribes to the live events first and reads the row after, so the two leave no gap: whatever happened
/// before the read shows in the row, whatever after arrives live, and live events older than the row (a requeued
/// attempt's) are skipped. The row is read every poll interval until a run here sends something live: a job another
/// replica runs shows its progress through the relay (<see cref="ILiveRelay"/>), and the row says when it ended
/// whatever the relay lost.
/// </summary>
public sealed class GenerationFollower(GenerationService generations, GenerationEventHub hub, TimeProvider timeProvider)
{
    /// <summary>How often the row is read while no live event arrives (queued, or running on another replica).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Progress and audio messages until the job finished; <paramref name="following"/> then holds the finished
    /// generation, or null when it no longer exists for the caller.
    /// </summary>
    public async IAsyncEnumerable<StreamGenerationResponse> FollowAsync(Guid tenantId, GenerationView start, Following following, [EnumeratorCancellation] CancellationToken ct)
    {
        var id = start.Record.Id;
        if (start.Record.IsFinished)
        {
            following.Finished = start;
            yield break;
        }

        var state = new FollowState();
        while (true)
        {
            // Subscribe, then read: a run here that starts in between is already being recorded for us.
            using var live = hub.Subscribe(id);
            var view = await generations.GetAsync(tenantId, id, ct);
            var readAt = timeProvider.GetTimestamp();
            var sawLive = false;
            while (true)
            {
                if (view is null || view.Record.IsFinished)
                {
                    following.Finished = view;
                    yield break;
                }

                if (state.FromRow(view.Record) is { } status)
                {
                    yield return status;
                }

                while (live.TryRead(out var message))
                {
                    // Only a run here is sure to complete the subscription when it ends; relayed progress is not.
                    sawLive |= !message.Relayed;
                    if (state.Forward(message, following))
                    {
                        yield return message.Message;
                    }
                }

                if (live.IsCompleted)
                {
                    // The run here ended (finished, requeued, or canceled): the row says what comes next.
                    break;
                }

                // Once the run is live here its end completes the subscription; until then only the row can tell.
                // Relayed progress does not hold the reading back: the row is read every poll interval all the same.
                if (!await WaitAsync(live, sawLive ? null : PollInterval, ct) || (!sawLive && timeProvider.GetElapsedTime(readAt) >= PollInterval))
                {
                    view = await generations.GetAsync(tenantId, id, ct);
                    readAt = timeProvider.GetTimestamp();
                }
            }
        }
    }

    /// <returns>True when a live message (or the end of the run here) is ready; false when <paramref name="poll"/> passed first.</returns>
    private async Task<bool> WaitAsync(LiveSubscription live, TimeSpan? poll, CancellationToken ct)
    {
        if (poll is null)
        {
            await live.WaitToReadAsync(ct);
            return true;
        }

        using var timer = new CancellationTokenSource(poll.Value, timeProvider);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await live.WaitToReadAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>What was passed on so far, to tell news from what the caller already has.</summary>
    private sealed class FollowState
    {
        private GenerationStatus? _status;
        private int _minAttempt;

        /// <summary>The row's status as a progress message when it is news; also sets which attempts' live events are.</summary>
        public StreamGenerationResponse? FromRow(GenerationRecord row)
        {
            // A queued row has had `attempts` runs; only the next one's events are newer than the row.
            _minAttempt = Math.Max(_minAttempt, row.Status == GenerationStatuses.Queued ? row.Attempts + 1 : row.Attempts);
            var status = GenerationMapper.ToProto(row.Status);
            if (status == _status)
            {
                return null;
            }

            _status = status;
            return new StreamGenerationResponse { Progress = new GenerationProgress { Status = status, Stage = row.Status } };
        }

        public bool Forward(LiveEvent message, Following following)
        {
            if (message.Attempt < _minAttempt)
            {
                return false;
            }

            if (message.IsAudio)
            {
                // Only the next bytes in order (a retried render starts again at offset 0).
                if (message.Message.Audio.Offset != following.AudioOffset)
                {
                    return false;
                }

                following.AudioOffset += message.Message.Audio.Data.Length;
                return true;
            }

            _status = message.Message.Progress.Status;
            return true;
        }
    }
}

/// <summary>What a <see cref="GenerationFollower"/> has passed on so far.</summary>
public sealed class Following
{
    /// <summary>Mix audio bytes passed on in order; the rest comes from the stored file.</summary>
    public long AudioOffset { get; set; }

    /// <summary>Set when the generation finished; null when it no longer exists for the caller.</summary>
    public GenerationView? Finished { get; set; }
}
