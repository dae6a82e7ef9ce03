using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using Mureka.Gateway.Data;
using Mureka.Gateway.Problems;

namespace Mureka.Gateway.Outage;

/// <summary>The one answer for "the database is unreachable": REST 503 problem+json, gRPC UNAVAILABLE, both saying when to retry.</summary>
internal static class DatabaseUnavailableAnswers
{
    public const string Title = "The service is temporarily unavailable.";

    public static int RetryAfterSeconds => (int)Math.Ceiling(DatabaseAvailability.RetryAfter.TotalSeconds);

    public static string Message =>
        string.Create(CultureInfo.InvariantCulture, $"The API cannot reach its database right now. Retry in {RetryAfterSeconds} s; a retried POST with the same Idempotency-Key never runs twice.");

    public static ProblemDetails Problem() => new()
    {
        Type = ProblemTypes.ServiceUnavailable.Uri,
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = Title,
        Detail = Message,
    };

    /// <summary>UNAVAILABLE (which gRPC clients treat as retryable) with a <c>RetryInfo</c> and a <c>retry-after</c> trailer.</summary>
    public static RpcException Rpc()
    {
        var retryInfo = new RetryInfo { RetryDelay = Duration.FromTimeSpan(DatabaseAvailability.RetryAfter) };
        var trailers = new Metadata { { "retry-after", RetryAfterSeconds.ToString(CultureInfo.InvariantCulture) } };
        return RichStatus.Exception(StatusCode.Unavailable, Message, [retryInfo], trailers);
    }
}
