using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Mureka.Gateway.Generations;

/// <summary>
/// One reader of a generation's live events (<see cref="GenerationEventHub.Subscribe"/>). It may be taken before the job
/// runs here, so nothing published after it was taken is missed. The publisher never waits for it, and what it holds
/// unread stays bounded: audio past <see cref="GenerationEventHub.SubscriberBacklog"/> unread chunks is dropped (the
/// follower sends it from the stored file later), and an unread progress message is overwritten by a newer one of the
/// same stage, so every stage change is kept — at most one unread message per stage and attempt — while same-stage
/// percentages only ever show the latest.
/// </summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly Channel<Slot> _slots = Channel.CreateUnbounded<Slot>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly Action<LiveSubscription> _unsubscribe;
    private Slot? _unreadProgress;
    private int _unreadAudio;
    private int _unreadProgressCount;
    private int _disposed;

    internal LiveSubscription(Action<LiveSubscription> unsubscribe) => _unsubscribe = unsubscribe;

    /// <summary>Everything offered, in order, until the run here ends (or the subscription is disposed).</summary>
    public async IAsyncEnumerable<LiveEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await WaitToReadAsync(cancellationToken))
        {
            while (TryRead(out var message))
            {
                yield return message;
            }
        }
    }

    /// <summary>Waits until a message can be read (true) or the run here ended and everything was read (false).</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _slots.Reader.WaitToReadAsync(cancellationToken);

    public bool TryRead(out LiveEvent message)
    {
        if (!_slots.Reader.TryRead(out var slot))
        {
            message = default;
            return false;
        }

        lock (_lock)
        {
            slot.Read = true;
            message = slot.Event;
            if (message.IsAudio)
            {
                _unreadAudio--;
            }
            else
            {
                _unreadProgressCount--;
            }
        }

        return true;
    }

    /// <summary>True when the run here ended and everything offered was read.</summary>
    public bool IsCompleted => _slots.Reader.Completion.IsCompleted;

    internal void Offer(LiveEvent message)
    {
        lock (_lock)
        {
            if (message.IsProgress)
            {
                // A reader this far behind on stage changes faces a host that sends far more stages than there are:
                // from then on the newest message replaces the last unread one, whatever its stage.
                if (_unreadProgress is { Read: false } pending && pending.Event.Attempt == message.Attempt
                    && (pending.Event.Message.Progress.Stage == message.Message.Progress.Stage || _unreadProgressCount >= GenerationEventHub.SubscriberBacklog))
                {
                    pending.Event = message;
                    return;
                }

                if (_slots.Writer.TryWrite(_unreadProgress = new Slot(message)))
                {
                    _unreadProgressCount++;
                }

                return;
            }

            if (_unreadAudio >= GenerationEventHub.SubscriberBacklog)
            {
                return;
            }

            if (_slots.Writer.TryWrite(new Slot(message)))
            {
                _unreadAudio++;
            }
        }
    }

    internal void Complete() => _slots.Writer.TryComplete();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Complete();
            _unsubscribe(this);
        }
    }

    private sealed class Slot(LiveEvent message)
    {
        public LiveEvent Event { get; set; } = message;

        public bool Read { get; set; }
    }
}
