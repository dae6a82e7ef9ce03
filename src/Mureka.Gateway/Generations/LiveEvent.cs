using Mureka.Contracts.Api.V1;

namespace Mureka.Gateway.Generations;

/// <summary>
/// One live message of a running generation, with the attempt (the row's <c>attempts</c> when it was claimed) that
/// produced it: a follower compares it with the row it read, so a requeued run's leftovers are never passed on as news.
/// </summary>
public readonly record struct LiveEvent(int Attempt, StreamGenerationResponse Message)
{
    /// <summary>Progress of a run on another replica (<see cref="ILiveRelay"/>): best effort, so it never stands in for the row.</summary>
    public bool Relayed { get; init; }

    public bool IsAudio => Message.EventCase == StreamGenerationResponse.EventOneofCase.Audio;

    public bool IsProgress => Message.EventCase == StreamGenerationResponse.EventOneofCase.Progress;
}
