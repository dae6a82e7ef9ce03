namespace Mureka.Sdk;

/// <summary>The values of <see cref="Generation.Status"/>. Kept as strings so a status added later still reads.</summary>
public static class GenerationStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Canceled = "canceled";
}

public partial class Generation
{
    /// <summary>True once the generation succeeded, failed or was canceled; it never changes after that.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFinished => Status is GenerationStatus.Succeeded or GenerationStatus.Failed or GenerationStatus.Canceled;
}
