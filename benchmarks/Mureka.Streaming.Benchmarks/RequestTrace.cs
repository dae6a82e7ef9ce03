namespace Mureka.Streaming.Benchmarks;

/// <summary>One thing a client saw while following a render, at milliseconds after it sent the create.</summary>
/// <param name="Kind">created, progress, audio or finished.</param>
/// <param name="Bytes">Audio bytes in this event (audio only).</param>
/// <param name="Fraction">Render fraction reported (progress only).</param>
public sealed record TraceEvent(double AtMs, string Kind, int Bytes = 0, double? Fraction = null);

/// <summary>Everything one request saw, from create to the end of its stream.</summary>
public sealed class RequestTrace(double audioSeconds, long seed)
{
    private const int KeptPrefixBytes = 64 * 1024;
    private readonly List<byte> _prefix = [];

    /// <summary>The generation's id, once created.</summary>
    public string? Id { get; set; }

    public double AudioSeconds { get; } = audioSeconds;

    public long Seed { get; } = seed;

    public List<TraceEvent> Events { get; } = [];

    /// <summary>Why the request failed; null when the whole mix arrived.</summary>
    public string? Error { get; set; }

    /// <summary>
    /// When the first bytes of sound arrived: for WAV, past the header (which a server can send before anything has
    /// rendered, since the length is known up front); for other formats, the first bytes.
    /// </summary>
    public double? FirstAudioMs
    {
        get
        {
            var header = WavHeader.Length(_prefix) ?? 0;
            long received = 0;
            foreach (var audio in Events.Where(e => e.Kind == "audio"))
            {
                received += audio.Bytes;
                if (received > header)
                {
                    return audio.AtMs;
                }
            }

            return null;
        }
    }

    public double? FinishedMs => Events.LastOrDefault(e => e.Kind == "finished")?.AtMs;

    public long AudioBytes => Events.Where(e => e.Kind == "audio").Sum(e => (long)e.Bytes);

    public int AudioChunks => Events.Count(e => e.Kind == "audio");

    /// <summary>Records audio bytes that arrived at <paramref name="atMs"/>, keeping the first few to find a header in.</summary>
    public void AddAudio(double atMs, ReadOnlySpan<byte> data)
    {
        Events.Add(new TraceEvent(atMs, "audio", data.Length));
        var keep = Math.Min(data.Length, KeptPrefixBytes - _prefix.Count);
        if (keep > 0)
        {
            _prefix.AddRange(data[..keep]);
        }
    }
}
