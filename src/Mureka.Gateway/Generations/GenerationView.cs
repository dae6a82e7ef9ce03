using Mureka.Gateway.Data;

namespace Mureka.Gateway.Generations;

/// <summary>A generation with its stored audio objects: what both APIs render.</summary>
public sealed record GenerationView(GenerationRecord Record, IReadOnlyList<AudioObjectRecord> Audio);

/// <summary>The operation does not fit the generation's current state (e.g. cancel after it finished, audio before it finished).</summary>
public sealed class GenerationConflictException(string message) : Exception(message)
{
    public GenerationConflictException()
        : this("conflict")
    {
    }

    public GenerationConflictException(string message, Exception innerException)
        : this(message + ": " + innerException.Message)
    {
    }
}

/// <summary>The members of one request for variations, in member order, under their shared batch id.</summary>
public sealed record GenerationBatch(Guid BatchId, IReadOnlyList<GenerationView> Members);
