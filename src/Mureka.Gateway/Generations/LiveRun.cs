using Mureka.Contracts.Api.V1;

namespace Mureka.Gateway.Generations;

/// <summary>
/// The live events of one generation on this replica (<see cref="GenerationEventHub"/>): its subscribers, and what a
/// late subscriber is replayed — the first progress message of every stage of the current attempt and the latest one
/// (a few messages), and a gap-free prefix of the mix up to the replay limit. It exists from the first subscriber on,
/// before the job runs here, so a subscriber that attached early misses nothing once the run starts.
/// </summary>
internal sealed class LiveRun(long replayLimitBytes)
{
    private const int MaxReplayedStages = 16;

    private readonly Lock _lock = new();
    private readonly List<LiveSubscription> _subscribers = [];
    private readonly List<LiveEvent> _stageFirsts = [];
    private readonly List<LiveEvent> _audioHistory = [];
    private LiveEvent? _lastProgress;
    private long _audioHistoryBytes;
    private bool _audioHistoryFull;
    private bool _completed;
    private int _attempt = -1;

    /// <summary>The latest progress of the current attempt, if any arrived.</summary>
    public GenerationProgress? LatestProgress
    {
        get
        {
            lock (_lock)
            {
                return _lastProgress?.Message.Progress;
            }
        }
    }

    /// <summary>True once a run started here; until then it only holds early subscribers.</summary>
    public bool Started { get; private set; }

    /// <summary>A run of <paramref name="attempt"/> starts here: what an older attempt published is no longer replayed.</summary>
    public void Begin(int attempt)
    {
        lock (_lock)
        {
            Started = true;
            AdvanceTo(attempt);
        }
    }

    /// <summary>Listens for what other replicas relay of the job (<see cref="ILiveRelay.Listen"/>); ends with the run.</summary>
    public IDisposable? Relayed { get; set; }

    /// <summary>Progress another replica's run relayed; ignored once a run started here.</summary>
    public void PublishRelayed(int attempt, GenerationProgress progress)
    {
        if (!Started)
        {
            Publish(new LiveEvent(attempt, new StreamGenerationResponse { Progress = progress }) { Relayed = true });
        }
    }

    public void Publish(LiveEvent live)
    {
        lock (_lock)
        {
            // An older attempt still streaming after a newer one started is news to nobody.
            var attempt = live.Attempt;
            if (_completed || attempt < _attempt || !(live.IsProgress || live.IsAudio))
            {
                return;
            }

            AdvanceTo(attempt);
            Remember(live);
            foreach (var subscriber in _subscribers)
            {
                subscriber.Offer(live);
            }
        }
    }

    public void Add(LiveSubscription subscriber)
    {
        lock (_lock)
        {
            foreach (var message in _stageFirsts)
            {
                subscriber.Offer(message);
            }

            // The latest progress replaces its stage's first one where that is still unread (the subscription coalesces).
            if (_lastProgress is { } last)
            {
                subscriber.Offer(last);
            }

            foreach (var message in _audioHistory)
            {
                subscriber.Offer(message);
            }

            if (_completed)
            {
                subscriber.Complete();
            }
            else
            {
                _subscribers.Add(subscriber);
            }
        }
    }

    /// <returns>True when nothing needs this run any more: no subscriber left and no run started here.</returns>
    public bool Remove(LiveSubscription subscriber)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscriber);
            return _subscribers.Count == 0 && !Started;
        }
    }

    public void Complete()
    {
        Relayed?.Dispose();
        lock (_lock)
        {
            _completed = true;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Complete();
            }

            _subscribers.Clear();
            _stageFirsts.Clear();
            _audioHistory.Clear();
            _lastProgress = null;
        }
    }

    private void AdvanceTo(int attempt)
    {
        if (attempt <= _attempt)
        {
            return;
        }

        _attempt = attempt;
        _stageFirsts.Clear();
        _audioHistory.Clear();
        _audioHistoryBytes = 0;
        _audioHistoryFull = false;
        _lastProgress = null;
    }

    private void Remember(LiveEvent message)
    {
        if (message.IsProgress)
        {
            // One message per stage: the host sends a handful of stages; the bound holds against a host that sends more.
            var stage = message.Message.Progress.Stage;
            if (_stageFirsts.Count < MaxReplayedStages && !_stageFirsts.Exists(m => m.Message.Progress.Stage == stage))
            {
                _stageFirsts.Add(message);
            }

            _lastProgress = message;
            return;
        }

        if (!message.IsAudio)
        {
            return;
        }

        // Only a gap-free prefix is worth replaying; once one chunk is left out, later ones would be skipped anyway.
        if (_audioHistoryFull || _audioHistoryBytes + message.Message.Audio.Data.Length > replayLimitBytes)
        {
            _audioHistoryFull = true;
            return;
        }

        _audioHistory.Add(message);
        _audioHistoryBytes += message.Message.Audio.Data.Length;
    }
}
