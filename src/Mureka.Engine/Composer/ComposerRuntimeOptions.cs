namespace Mureka.Engine.Composer;

/// <summary>How the composer's ONNX Runtime session runs.</summary>
public sealed record ComposerRuntimeOptions
{
    /// <summary>Threads inside one operator; keep at or below the free cores.</summary>
    public int IntraOpThreads { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Ask for the CUDA execution provider; falls back to CPU with a warning when unavailable.</summary>
    public bool PreferCuda { get; init; }

    public int CudaDeviceId { get; init; }

    /// <summary>Rows decoded together at most; larger requests are split into several batches.</summary>
    public int MaxBatchSize { get; init; } = 64;
}
