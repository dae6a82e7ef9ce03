namespace Mureka.Gateway.Dispatch;

public enum DispatchRejection
{
    None = 0,

    /// <summary>The queue is at its bound: REST 429, gRPC RESOURCE_EXHAUSTED.</summary>
    Overloaded,

    /// <summary>No host could take work even with an empty queue: REST 503, gRPC UNAVAILABLE.</summary>
    NoHost,
}

/// <summary>The dispatcher's answer to a new job; <see cref="RetryAfter"/> is whole seconds for the Retry-After header.</summary>
public readonly record struct DispatchAdmission(DispatchRejection Rejection, TimeSpan RetryAfter)
{
    public static DispatchAdmission Admitted { get; } = new(DispatchRejection.None, TimeSpan.Zero);

    public bool Accepted => Rejection == DispatchRejection.None;

    /// <summary>Retry-After in whole seconds, at least 1.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}

/// <summary>Thrown by the service when the dispatcher refused a job; the job was not kept.</summary>
public sealed class DispatchRejectedException(DispatchAdmission admission)
    : Exception(admission.Rejection == DispatchRejection.NoHost ? "no inference host is available" : "the generation queue is full")
{
    public DispatchAdmission Admission { get; } = admission;
}
