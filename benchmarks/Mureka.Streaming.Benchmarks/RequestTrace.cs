namespace Mureka.Streaming.Benchmarks;

/// <summary>One thing a client saw while following a render, at milliseconds after it sent the create.</summary>
/// <param name="Kind">created, progress, audio or finished.</param>
/// <param name="Bytes">Audio bytes in this event (audio only).</param>
/// <param name="Fraction">Render fraction reported (progress only).</param>
public sealed record TraceEvent(double AtMs, string Kind, int Bytes = 0, double? Fraction = null);

/// <summary>Everything one request saw, from create to the end of its stream.</summary>
public sealed class RequestTrace(double audioSeconds, long seed)
{
    /// <summary>The generation's id, once created.</summary>
    public string? Id { get; set; }

    public double AudioSeconds { get; } = audioSeconds;

    public long Seed { get; } = seed;

    public List<TraceEvent> Events { get; } = [];

    /// <summary>Why the request failed; null when the whole mix arrived.</summary>
    public string? Error { get; set; }

    public double? FirstAudioMs => Events.FirstOrDefault(e => e.Kind == "audio")?.AtMs;

    public double? FinishedMs => Events.LastOrDefault(e => e.Kind == "finished")?.AtMs;

    public long AudioBytes => Events.Where(e => e.Kind == "audio").Sum(e => (long)e.Bytes);

    public int AudioChunks => Events.Count(e => e.Kind == "audio");
}
