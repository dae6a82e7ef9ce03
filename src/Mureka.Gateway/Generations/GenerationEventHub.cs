using System.Collections.Concurrent;
using System.Threading.Channels;
using Mureka.Contracts.Api.V1;

namespace Mureka.Gateway.Generations;

/// <summary>
/// In-process live events per running generation: the dispatcher publishes progress and mix audio
/// chunks as the host streams them; StreamGeneration subscribers get everything published so far
/// (so a late subscriber misses nothing) and then the live events. The hub only knows about jobs
/// this replica runs; callers fall back to polling the database for the rest.
/// Memory is bounded: the replayed audio of one job stops growing at <see cref="GatewayOptions.StreamReplayLimitBytes"/>
/// and a subscriber that falls <see cref="SubscriberBacklog"/> messages behind misses the live chunks. Both are safe
/// because StreamGeneration only forwards audio at the next expected offset and sends whatever is missing from the
/// stored file once the job finished: a late or slow reader gets all the audio, just later.
/// </summary>
public sealed class GenerationEventHub(Microsoft.Extensions.Options.IOptions<GatewayOptions> options)
{
    /// <summary>Messages one subscriber may have unread (audio chunks are at most 256 KiB each).</summary>
    public const int SubscriberBacklog = 64;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly Dictionary<Guid, Waiters> _finished = [];
    private readonly Lock _finishedLock = new();

    /// <summary>Called by the dispatcher when it starts a job.</summary>
    public void Start(Guid id) => _entries.TryAdd(id, new Entry(options.Value.StreamReplayLimitBytes));

    public void Publish(Guid id, StreamGenerationResponse message)
    {
        if (_entries.TryGetValue(id, out var entry))
        {
            entry.Publish(message);
        }
    }

    /// <summary>The job reached a final state and that state is committed; subscribers complete and waiters wake.</summary>
    public void Finish(Guid id)
    {
        if (_entries.TryRemove(id, out var entry))
        {
            entry.Complete();
        }

        lock (_finishedLock)
        {
            if (_finished.Remove(id, out var waiters))
            {
                waiters.Finished.TrySetResult();
            }
        }
    }

    /// <summary>A reader of replayed then live events, or null when this replica is not running the job.</summary>
    public ChannelReader<StreamGenerationResponse>? Subscribe(Guid id) =>
        _entries.TryGetValue(id, out var entry) ? entry.Subscribe() : null;

    /// <summary>
    /// Watches for <see cref="Finish"/> of the job. Dispose it when done waiting: the registration is removed then,
    /// so waiting on a job another replica finishes leaves nothing behind.
    /// </summary>
    public FinishWatch Watch(Guid id)
    {
        lock (_finishedLock)
        {
            if (!_finished.TryGetValue(id, out var waiters))
            {
                waiters = new Waiters();
                _finished[id] = waiters;
            }

            waiters.Count++;
            return new FinishWatch(this, id, waiters);
        }
    }

    /// <summary>The number of jobs being watched, for tests and metrics.</summary>
    public int WatchedCount
    {
        get
        {
            lock (_finishedLock)
            {
                return _finished.Count;
            }
        }
    }

    private void Unwatch(Guid id, Waiters waiters)
    {
        lock (_finishedLock)
        {
            if (--waiters.Count == 0 && _finished.TryGetValue(id, out var current) && ReferenceEquals(current, waiters))
            {
                _finished.Remove(id);
            }
        }
    }

    /// <summary>A registration from <see cref="Watch"/>: <see cref="Finished"/> completes when the job finishes on this replica.</summary>
    public sealed class FinishWatch : IDisposable
    {
        private readonly GenerationEventHub _hub;
        private readonly Guid _id;
        private readonly Waiters _waiters;
        private int _disposed;

        internal FinishWatch(GenerationEventHub hub, Guid id, Waiters waiters)
        {
            _hub = hub;
            _id = id;
            _waiters = waiters;
        }

        public Task Finished => _waiters.Finished.Task;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _hub.Unwatch(_id, _waiters);
            }
        }
    }

    internal sealed class Waiters
    {
        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count { get; set; }
    }

    private sealed class Entry(long replayLimitBytes)
    {
        private readonly Lock _lock = new();
        private readonly List<StreamGenerationResponse> _audioHistory = [];
        private readonly List<Channel<StreamGenerationResponse>> _subscribers = [];
        private StreamGenerationResponse? _lastProgress;
        private long _audioHistoryBytes;
        private bool _audioHistoryFull;
        private bool _completed;

        public void Publish(StreamGenerationResponse message)
        {
            lock (_lock)
            {
                if (_completed)
                {
                    return;
                }

                Remember(message);
                foreach (var subscriber in _subscribers)
                {
                    // A full backlog drops the message: the reader skips later chunks and gets them from the stored file.
                    subscriber.Writer.TryWrite(message);
                }
            }
        }

        public ChannelReader<StreamGenerationResponse> Subscribe()
        {
            lock (_lock)
            {
                // Never blocks the render: the writer drops what a slow reader has no room for (see the hub's summary).
                var channel = Channel.CreateBounded<StreamGenerationResponse>(new BoundedChannelOptions(SubscriberBacklog + _audioHistory.Count + 1)
                {
                    SingleReader = true,
                    SingleWriter = true,
                    FullMode = BoundedChannelFullMode.DropWrite,
                });
                foreach (var message in _audioHistory)
                {
                    channel.Writer.TryWrite(message);
                }

                if (_lastProgress is not null)
                {
                    channel.Writer.TryWrite(_lastProgress);
                }

                if (_completed)
                {
                    channel.Writer.TryComplete();
                }
                else
                {
                    _subscribers.Add(channel);
                }

                return channel.Reader;
            }
        }

        public void Complete()
        {
            lock (_lock)
            {
                _completed = true;
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryComplete();
                }

                _subscribers.Clear();
                _audioHistory.Clear();
                _lastProgress = null;
            }
        }

        private void Remember(StreamGenerationResponse message)
        {
            if (message.EventCase != StreamGenerationResponse.EventOneofCase.Audio)
            {
                _lastProgress = message;
                return;
            }

            // Only a gap-free prefix is worth replaying; once one chunk is left out, later ones would be skipped anyway.
            if (_audioHistoryFull || _audioHistoryBytes + message.Audio.Data.Length > replayLimitBytes)
            {
                _audioHistoryFull = true;
                return;
            }

            _audioHistory.Add(message);
            _audioHistoryBytes += message.Audio.Data.Length;
        }
    }
}
