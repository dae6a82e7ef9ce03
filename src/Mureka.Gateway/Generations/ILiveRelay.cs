using Mureka.Contracts.Api.V1;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Carries the progress of the jobs a replica runs to the other replicas, so a stream followed on any replica sees
/// every stage live (<see cref="GenerationEventHub"/>). Delivery is best effort: a follower still reads the row, which
/// says how the job ended whatever the relay lost. Audio is not relayed: a stream on another replica gets the mix from
/// the stored file once it is finished.
/// </summary>
public interface ILiveRelay
{
    /// <summary>A run of <paramref name="attempt"/> here reported <paramref name="progress"/>; returns at once.</summary>
    void Publish(Guid id, int attempt, GenerationProgress progress);

    /// <summary>The run here ended (finished, requeued or canceled); returns at once.</summary>
    void Ended(Guid id);

    /// <summary>
    /// Passes on what other replicas relay of the job until the returned handle is disposed: progress to
    /// <paramref name="progress"/> (attempt, message), and the end of their run to <paramref name="ended"/>. Returns at
    /// once; what is relayed before the listening took effect is missed.
    /// </summary>
    IDisposable Listen(Guid id, Action<int, GenerationProgress> progress, Action ended);
}

/// <summary>One replica, or no Redis to share: nothing to relay.</summary>
public sealed class NoLiveRelay : ILiveRelay
{
    public void Publish(Guid id, int attempt, GenerationProgress progress)
    {
    }

    public void Ended(Guid id)
    {
    }

    public IDisposable Listen(Guid id, Action<int, GenerationProgress> progress, Action ended) => Nothing.Instance;

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}
