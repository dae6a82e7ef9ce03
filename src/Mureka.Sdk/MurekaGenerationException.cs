namespace Mureka.Sdk;

/// <summary>The generation finished without audio: it failed or was canceled (see <see cref="Generation"/>.Error).</summary>
public sealed class MurekaGenerationException : Exception
{
    public MurekaGenerationException(Generation generation)
        : base($"Generation {generation?.Id} ended {generation?.Status}: {generation?.Error ?? "no reason given"}")
    {
        Generation = generation!;
    }

    public MurekaGenerationException()
        : this("The generation ended without audio.")
    {
    }

    public MurekaGenerationException(string message)
        : this(message, null)
    {
    }

    public MurekaGenerationException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Generation = new Generation();
    }

    public Generation Generation { get; }
}
