namespace Mureka.Inference.Host;

/// <summary>Settings of one inference host (configuration section <c>Host</c>, e.g. <c>Host__PreferCuda=true</c>).</summary>
public sealed class HostOptions
{
    public const string SectionName = "Host";

    /// <summary>Name reported by GetInfo; defaults to the machine name plus the bound port.</summary>
    public string? HostId { get; set; }

    /// <summary>Most items one Generate call may carry.</summary>
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>
    /// Items in flight across all calls; beyond it calls are refused with RESOURCE_EXHAUSTED rather than queued.
    /// Defaults to the processor count, but never below <see cref="MaxBatchSize"/>: otherwise a full batch could never run.
    /// </summary>
    public int? Capacity { get; set; }

    /// <summary>Composer model folder; defaults to the model shipped with the engine.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>General MIDI soundfont; defaults to Debian's MuseScore General (musescore-general-soundfont).</summary>
    public string? SoundFontPath { get; set; }

    /// <summary>
    /// Items rendered at once (arranged, synthesised, mixed and mastered) across all calls; the rest of the admitted
    /// items wait for a worker in their batch's order. Defaults to the processor count.
    /// </summary>
    public int? RenderWorkers { get; set; }

    /// <summary>
    /// Send a full mix's encoded bytes window by window as the engine renders it (the default), so audio reaches the
    /// client while the rest renders. False sends every file after its render (for comparing the two); the audio is the
    /// same either way. Pieces up to 48 s (rendered in one pass), loops, stems, alternative mixes and scores are always
    /// sent after the render.
    /// </summary>
    public bool Progressive { get; set; } = true;

    /// <summary>ONNX Runtime intra-op threads; defaults to the engine's choice (cores, at most 4).</summary>
    public int? OrtThreads { get; set; }

    /// <summary>Ask for the CUDA execution provider (the GPU image sets this); falls back to CPU with a warning.</summary>
    public bool PreferCuda { get; set; }

    /// <summary>The CUDA device the composer runs on when <see cref="PreferCuda"/> is set (one host process per GPU).</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>
    /// Secrets a caller may present (<c>authorization: Bearer …</c>); any one is accepted, so a rotation lists old and
    /// new for a while. Empty: the host is open to whoever reaches it (local development only).
    /// </summary>
    public IList<string> CallerSecrets { get; } = [];

    /// <summary>Render a short track at start; health stays NOT_SERVING until it has finished.</summary>
    public bool WarmupOnStart { get; set; } = true;

    public int EffectiveCapacity => Capacity ?? Math.Max(Environment.ProcessorCount, MaxBatchSize);

    /// <summary>A batch larger than the capacity could never be admitted, so it is refused as too large instead.</summary>
    public int EffectiveMaxBatchSize => Math.Min(MaxBatchSize, EffectiveCapacity);
}
