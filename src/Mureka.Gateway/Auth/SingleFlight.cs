namespace Mureka.Gateway.Auth;

/// <summary>
/// At most one lookup per key at a time: concurrent callers with the same key share the running lookup and its
/// answer, so a burst of requests carrying one key not yet cached costs the database one read, not one each.
/// <para>
/// Each lookup is stamped with the cache generation it started in, and a caller shares it only if it arrived in
/// that generation or an earlier one: a caller arriving after a key-change notification never receives an answer
/// read before that notification (the same rule the caches keep).
/// </para>
/// <para>
/// A lookup runs to its end whoever stops waiting for it: one caller's cancellation ends only its own wait, never
/// the others' answer. It holds the admission permit of the caller that started it until it ends, so requests
/// that give up waiting cannot have more lookups running than the permits allow.
/// </para>
/// </summary>
internal sealed class SingleFlight<T>
    where T : class
{
    private readonly Dictionary<string, Flight> _flights = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The running lookup of this key that a caller arriving in <paramref name="generation"/> may share, if any.</summary>
    public Task<T>? TryJoin(string key, long generation)
    {
        lock (_lock)
        {
            return Joinable(key, generation)?.Answer;
        }
    }

    /// <summary>
    /// Shares the running lookup of this key, or answers with what a lookup that has just ended left behind
    /// (<paramref name="settled"/>, asked under the lock that lookups leave under, so none can end unseen between
    /// the two questions), or else starts <paramref name="lookup"/>, which then owns <paramref name="permit"/>
    /// until it ends. A permit that is not needed is released at once.
    /// </summary>
    public Task<T> JoinOrStart(string key, long generation, Func<T?> settled, Func<Task<T>> lookup, IDisposable? permit)
    {
        Task<T>? answer;
        Flight? started = null;
        lock (_lock)
        {
            answer = Joinable(key, generation)?.Answer ?? (settled() is { } known ? Task.FromResult(known) : null);
            if (answer is null)
            {
                // Replaces a lookup from an earlier generation, if any: it finishes for its own callers only.
                started = new Flight(generation);
                _flights[key] = started;
                answer = started.Answer;
            }
        }

        if (started is null)
        {
            permit?.Dispose();
        }
        else
        {
            _ = RunAsync(key, started, lookup, permit);
        }

        return answer;
    }

    private Flight? Joinable(string key, long generation) =>
        _flights.TryGetValue(key, out var flight) && flight.Generation >= generation ? flight : null;

    private async Task RunAsync(string key, Flight flight, Func<Task<T>> lookup, IDisposable? permit)
    {
        try
        {
            flight.Complete(await lookup());
        }
        catch (Exception e)
        {
            // Every caller sharing it sees the failure (a database outage answers 503 to each, as it would alone).
            flight.Fail(e);
        }
        finally
        {
            lock (_lock)
            {
                if (_flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
                {
                    _flights.Remove(key);
                }
            }

            permit?.Dispose();
        }
    }

    private sealed class Flight(long generation)
    {
        // Callers resume on the thread pool, not inline on the lookup's completion.
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Generation => generation;

        public Task<T> Answer => _answer.Task;

        public void Complete(T answer) => _answer.TrySetResult(answer);

        public void Fail(Exception exception) => _answer.TrySetException(exception);
    }
}
