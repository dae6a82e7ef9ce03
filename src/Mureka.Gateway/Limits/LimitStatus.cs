using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Mureka.Gateway.Limits;

/// <summary>
/// RESOURCE_EXHAUSTED with a <c>google.rpc.Status</c> in <c>grpc-status-details-bin</c> holding a
/// <c>QuotaFailure</c> (which limit), an <c>ErrorInfo</c> (the same numbers as the REST problem, resets_at
/// included) and a <c>RetryInfo</c>.
/// </summary>
public static class LimitStatus
{
    public const string Domain = "mureka.ai";

    public static RpcException Exception(LimitViolation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        var message = violation.Describe();
        var quotaFailure = new QuotaFailure();
        quotaFailure.Violations.Add(new QuotaFailure.Types.Violation { Subject = violation.Limit, Description = message });
        var errorInfo = new ErrorInfo { Reason = Reason(violation), Domain = Domain };
        foreach (var (key, value) in Metadata(violation))
        {
            errorInfo.Metadata[key] = value;
        }

        var retryInfo = new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(violation.RetryAfterSeconds)) };
        var trailers = new Grpc.Core.Metadata { { "retry-after", violation.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture) } };
        return RichStatus.Exception(StatusCode.ResourceExhausted, message, [quotaFailure, errorInfo, retryInfo], trailers);
    }

    /// <summary>The ErrorInfo metadata, shared with the REST problem's extension members.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(LimitViolation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["limit"] = violation.Limit,
            ["limit_value"] = Number(violation.LimitValue),
            ["used"] = Number(violation.Used),
            ["requested"] = Number(violation.Requested),
            ["retry_after_seconds"] = Number(violation.RetryAfterSeconds),
        };
        if (violation.ResetsAt is { } resetsAt)
        {
            metadata["resets_at"] = resetsAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return metadata;
    }

    private static string Reason(LimitViolation violation) => violation.Limit switch
    {
        LimitViolation.RenderedSeconds => "QUOTA_EXCEEDED",
        LimitViolation.ConcurrentJobs => "CONCURRENCY_LIMIT",
        _ => "RATE_LIMITED",
    };

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
