namespace Mureka.Batching;

/// <summary>The answer to an enqueue. <see cref="RetryAfter"/> is whole seconds so it maps straight onto a Retry-After header.</summary>
public readonly record struct AdmissionResult(bool Accepted, RejectReason Reason, TimeSpan RetryAfter)
{
    public static AdmissionResult Admitted { get; } = new(true, RejectReason.None, TimeSpan.Zero);

    public static AdmissionResult Rejected(RejectReason reason, TimeSpan retryAfter) => new(false, reason, retryAfter);
}
