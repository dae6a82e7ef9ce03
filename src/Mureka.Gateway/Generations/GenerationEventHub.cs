using System.Collections.Concurrent;
using Mureka.Contracts.Api.V1;

namespace Mureka.Gateway.Generations;

/// <summary>
/// In-process live events per generation: the dispatcher publishes progress and mix audio chunks as the host streams
/// them; a subscriber gets what a late reader needs of what was published so far (every stage reached, the latest
/// progress, the start of the mix) and then the live events. Anyone may subscribe before the job runs here — a stream
/// subscribes first and reads the row after, so nothing happens unseen between the two. The hub only hears of jobs
/// this replica runs; callers poll the database for the rest.
/// Memory is bounded: the replayed audio of one job stops growing at <see cref="GatewayOptions.StreamReplayLimitBytes"/>,
/// a subscriber with <see cref="SubscriberBacklog"/> unread chunks misses the next live ones, and its unread progress
/// keeps one message per stage (<see cref="LiveSubscription"/>). Dropping audio is safe because StreamGeneration only
/// forwards audio at the next expected offset and sends whatever is missing from the stored file once the job
/// finished: a late or slow reader gets all the audio, just later. A run kept only for early subscribers goes with
/// its last one.
/// Progress crosses replicas through the <see cref="ILiveRelay"/>: a run here relays every progress message and its
/// end, and a job followed here but not run here listens for them while it has subscribers, so a stream on any
/// replica sees every stage; the relay's end of a run elsewhere completes the subscribers here, which re-read the row.
/// </summary>
public sealed class GenerationEventHub(Microsoft.Extensions.Options.IOptions<GatewayOptions> options, ILiveRelay relay)
{
    /// <summary>A hub that hears only of the jobs this replica runs.</summary>
    public GenerationEventHub(Microsoft.Extensions.Options.IOptions<GatewayOptions> options)
        : this(options, new NoLiveRelay())
    {
    }

    /// <summary>Audio chunks one subscriber may have unread (at most 256 KiB each).</summary>
    public const int SubscriberBacklog = 64;

    private readonly ConcurrentDictionary<Guid, LiveRun> _runs = new();
    private readonly Lock _runsLock = new();
    private readonly Dictionary<Guid, Waiters> _finished = [];
    private readonly Lock _finishedLock = new();

    /// <summary>Called by the dispatcher when it starts <paramref name="attempt"/> (the claimed row's <c>attempts</c>) of a job.</summary>
    public void Start(Guid id, int attempt)
    {
        lock (_runsLock)
        {
            _runs.GetOrAdd(id, _ => new LiveRun(options.Value.StreamReplayLimitBytes)).Begin(attempt);
        }
    }

    public void Publish(Guid id, int attempt, StreamGenerationResponse message)
    {
        if (_runs.TryGetValue(id, out var run))
        {
            run.Publish(new LiveEvent(attempt, message));
        }

        if (message.EventCase == StreamGenerationResponse.EventOneofCase.Progress)
        {
            relay.Publish(id, attempt, message.Progress);
        }
    }

    /// <summary>The latest progress of a job running on this replica; null when it runs elsewhere or reported none yet.</summary>
    public GenerationProgress? ProgressOf(Guid id) => _runs.TryGetValue(id, out var run) ? run.LatestProgress : null;

    /// <summary>
    /// The run here ended (a final state is committed, or the job went back to the queue): subscribers complete and
    /// finish waiters wake. Subscribers that attached before it ran here complete too, so they re-read the row.
    /// </summary>
    public void Finish(Guid id)
    {
        LiveRun? run;
        lock (_runsLock)
        {
            _runs.TryRemove(id, out run);
        }

        run?.Complete();
        relay.Ended(id);
        lock (_finishedLock)
        {
            if (_finished.Remove(id, out var waiters))
            {
                waiters.Finished.TrySetResult();
            }
        }
    }

    /// <summary>
    /// A reader of the job's live events on this replica: replayed then live while it runs here, nothing (and never
    /// completed by a run elsewhere) otherwise. Dispose it when done; it completes when a run here ends.
    /// </summary>
    public LiveSubscription Subscribe(Guid id)
    {
        lock (_runsLock)
        {
            if (!_runs.TryGetValue(id, out var run))
            {
                run = new LiveRun(options.Value.StreamReplayLimitBytes);
                _runs[id] = run;

                // Until a run starts here, what other replicas relay of the job is all there is to hear.
                var listened = run;
                run.Relayed = relay.Listen(id, (attempt, progress) => listened.PublishRelayed(attempt, progress), () => EndRelayed(id, listened));
            }

            var subscription = new LiveSubscription(s => Unsubscribe(id, run, s));
            run.Add(subscription);
            return subscription;
        }
    }

    /// <summary>The number of jobs with live state here (running, or with early subscribers), for tests and metrics.</summary>
    public int LiveCount => _runs.Count;

    private void Unsubscribe(Guid id, LiveRun run, LiveSubscription subscription)
    {
        lock (_runsLock)
        {
            if (run.Remove(subscription))
            {
                _runs.TryRemove(new KeyValuePair<Guid, LiveRun>(id, run));
                run.Complete();
            }
        }
    }

    /// <summary>Another replica's run of the job ended: unless it now runs here, the subscribers here re-read the row.</summary>
    private void EndRelayed(Guid id, LiveRun run)
    {
        lock (_runsLock)
        {
            if (run.Started || !_runs.TryRemove(new KeyValuePair<Guid, LiveRun>(id, run)))
            {
                return;
            }
        }

        run.Complete();
    }

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
}
