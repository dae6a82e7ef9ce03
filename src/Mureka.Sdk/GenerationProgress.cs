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
/// One step of create, wait, download. While it runs, <see cref="RenderFraction"/> is the host's own progress
/// (from the generation's event stream) and <see cref="RenderStep"/> its step; <see cref="Fraction"/> spans the
/// whole call: queued 0, running 0.1 to 0.9 by the render, downloading 0.9 to 1 by bytes.
/// </summary>
public sealed record GenerationProgress(GenerationStage Stage, Generation Generation, long BytesDownloaded = 0, long? TotalBytes = null, double RenderFraction = 0, string? RenderStep = null)
{
    public double Fraction => Stage switch
    {
        GenerationStage.Queued => 0,
        GenerationStage.Running => 0.1 + (0.8 * Math.Clamp(RenderFraction, 0, 1)),
        GenerationStage.Downloading when TotalBytes is > 0 => 0.9 + (0.1 * Math.Min(1, (double)BytesDownloaded / TotalBytes.Value)),
        GenerationStage.Downloading => 0.9,
        _ => 1,
    };
}
