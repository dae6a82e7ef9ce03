namespace Mureka.Gateway.Limits;

/// <summary>A plan limit refused the request; nothing was written. REST answers 402/429, gRPC RESOURCE_EXHAUSTED.</summary>
public sealed class LimitExceededException(LimitViolation violation) : Exception(violation.Describe())
{
    public LimitViolation Violation { get; } = violation;
}

/// <summary>Which limit, its value, what was used and requested (seconds for rendered time, jobs for concurrency), and when it resets.</summary>
public sealed record LimitViolation(string Limit, double LimitValue, double Used, double Requested, DateTimeOffset? ResetsAt, int RetryAfterSeconds)
{
    public const string RenderedSeconds = "rendered_seconds";
    public const string ConcurrentJobs = "concurrent_jobs";
    public const string Requests = "requests";

    /// <summary>Requests without a valid API key from one client address (see <c>Gateway:AuthThrottle</c>).</summary>
    public const string UnauthenticatedRequests = "unauthenticated_requests";

    public string Describe() => Limit switch
    {
        RenderedSeconds => $"The plan's quota of {LimitValue:0.###} rendered seconds per billing period is used up: {Used:0.###} s used or reserved, {Requested:0.###} s requested; it resets at {ResetsAt:O}.",
        ConcurrentJobs when Requested > 1 => $"The plan allows {LimitValue:0} concurrent generations, {Used:0} are queued or running and this request asks for {Requested:0} more; retry when enough finish.",
        ConcurrentJobs => $"The plan allows {LimitValue:0} concurrent generations and {Used:0} are queued or running; retry when one finishes.",
        UnauthenticatedRequests => $"At most {LimitValue:0} requests a minute without a valid API key are answered per client address; retry in {RetryAfterSeconds} s.",
        _ => $"The plan allows {LimitValue:0} requests per minute for this API key; retry in {RetryAfterSeconds} s.",
    };
}
