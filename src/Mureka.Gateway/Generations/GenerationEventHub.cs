using System.Collections.Concurrent;
using System.Threading.Channels;
using Mureka.Contracts.Api.V1;

namespace Mureka.Gateway.Generations;

/// <summary>
/// In-process live events per running generation: the dispatcher publishes progress and mix audio
/// chunks as the host streams them; StreamGeneration subscribers get everything published so far
/// (so a late subscriber misses nothing) and then the live events. The hub only knows about jobs
/// this replica runs; callers fall back to polling the database for the rest.
/// </summary>
public sealed class GenerationEventHub
{
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _finished = new();

    /// <summary>Called by the dispatcher when it starts a job.</summary>
    public void Start(Guid id) => _entries.TryAdd(id, new Entry());

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

        if (_finished.TryRemove(id, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>A reader of replayed then live events, or null when this replica is not running the job.</summary>
    public ChannelReader<StreamGenerationResponse>? Subscribe(Guid id) =>
        _entries.TryGetValue(id, out var entry) ? entry.Subscribe() : null;

    /// <summary>Completes when <see cref="Finish"/> is called for the job (never, when another replica runs it: poll as well).</summary>
    public Task WhenFinishedAsync(Guid id) =>
        _finished.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Drops waiters nobody completed (jobs finished elsewhere); called from the sweeper.</summary>
    public void Forget(Guid id)
    {
        if (_finished.TryRemove(id, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    private sealed class Entry
    {
        private readonly Lock _lock = new();
        private readonly List<StreamGenerationResponse> _history = [];
        private readonly List<Channel<StreamGenerationResponse>> _subscribers = [];
        private bool _completed;

        public void Publish(StreamGenerationResponse message)
        {
            lock (_lock)
            {
                if (_completed)
                {
                    return;
                }

                _history.Add(message);
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryWrite(message);
                }
            }
        }

        public ChannelReader<StreamGenerationResponse> Subscribe()
        {
            // Unbounded: a slow subscriber costs memory, never the render; the job's audio bounds it.
            var channel = Channel.CreateUnbounded<StreamGenerationResponse>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            lock (_lock)
            {
                foreach (var message in _history)
                {
                    channel.Writer.TryWrite(message);
                }

                if (_completed)
                {
                    channel.Writer.TryComplete();
                }
                else
                {
                    _subscribers.Add(channel);
                }
            }

            return channel.Reader;
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
                _history.Clear();
            }
        }
    }
}
