namespace Mureka.Sdk;

/// <summary>Where <see cref="MurekaClient.CreateWaitAndDownloadAsync(GenerationRequest, Stream, IProgress{GenerationProgress}?, CancellationToken)"/> is.</summary>
public enum GenerationStage
{
    Queued,
    Running,
    Downloading,
    Done,
}

/// <summary>
/// One step of create, wait, download. REST reports a job's status but not how far a render is, so
/// <see cref="Fraction"/> moves with the stage (queued 0, running 0.1, downloading 0.9 to 1 by bytes);
/// the gRPC <c>StreamGeneration</c> call carries the host's per-step progress for callers who need it.
/// </summary>
public sealed record GenerationProgress(GenerationStage Stage, Generation Generation, long BytesDownloaded = 0, long? TotalBytes = null)
{
    public double Fraction => Stage switch
    {
        GenerationStage.Queued => 0,
        GenerationStage.Running => 0.1,
        GenerationStage.Downloading when TotalBytes is > 0 => 0.9 + (0.1 * Math.Min(1, (double)BytesDownloaded / TotalBytes.Value)),
        GenerationStage.Downloading => 0.9,
        _ => 1,
    };
}
