using System.Globalization;
using Google.Protobuf;
using Grpc.Core;

namespace Mureka.Gateway.Limits;

/// <summary>
/// RESOURCE_EXHAUSTED with a <c>google.rpc.Status</c> in <c>grpc-status-details-bin</c> holding a
/// <c>QuotaFailure</c> (which limit), an <c>ErrorInfo</c> (the same numbers as the REST problem, resets_at
/// included) and a <c>RetryInfo</c>. Encoded by hand like <see cref="RichStatus"/>, without common-protos.
/// </summary>
public static class LimitStatus
{
    public const string Domain = "mureka.ai";

    public static RpcException Exception(LimitViolation violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        var message = violation.Describe();
        var status = Encode(o =>
        {
            // google.rpc.Status { int32 code = 1; string message = 2; repeated Any details = 3 }
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt32((int)StatusCode.ResourceExhausted);
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteString(message);
            WriteAny(o, "type.googleapis.com/google.rpc.QuotaFailure", QuotaFailure(violation, message));
            WriteAny(o, "type.googleapis.com/google.rpc.ErrorInfo", ErrorInfo(violation));
            WriteAny(o, "type.googleapis.com/google.rpc.RetryInfo", RetryInfo(violation.RetryAfterSeconds));
        });
        var trailers = new Metadata
        {
            { RichStatus.DetailsTrailer, status },
            { "retry-after", violation.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture) },
        };
        return new RpcException(new Status(StatusCode.ResourceExhausted, message), trailers);
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

    // QuotaFailure { repeated Violation violations = 1 }, Violation { string subject = 1; string description = 2 }
    private static byte[] QuotaFailure(LimitViolation violation, string description) => Encode(o =>
    {
        var item = Encode(v =>
        {
            v.WriteTag(1, WireFormat.WireType.LengthDelimited);
            v.WriteString(violation.Limit);
            v.WriteTag(2, WireFormat.WireType.LengthDelimited);
            v.WriteString(description);
        });
        o.WriteTag(1, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(item));
    });

    // ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3 }
    private static byte[] ErrorInfo(LimitViolation violation) => Encode(o =>
    {
        o.WriteTag(1, WireFormat.WireType.LengthDelimited);
        o.WriteString(violation.Limit == LimitViolation.RenderedSeconds ? "QUOTA_EXCEEDED" : violation.Limit == LimitViolation.ConcurrentJobs ? "CONCURRENCY_LIMIT" : "RATE_LIMITED");
        o.WriteTag(2, WireFormat.WireType.LengthDelimited);
        o.WriteString(Domain);
        foreach (var (key, value) in Metadata(violation))
        {
            var entry = Encode(e =>
            {
                e.WriteTag(1, WireFormat.WireType.LengthDelimited);
                e.WriteString(key);
                e.WriteTag(2, WireFormat.WireType.LengthDelimited);
                e.WriteString(value);
            });
            o.WriteTag(3, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(entry));
        }
    });

    // RetryInfo { google.protobuf.Duration retry_delay = 1 }, Duration { int64 seconds = 1 }
    private static byte[] RetryInfo(int seconds) => Encode(o =>
    {
        var duration = Encode(d =>
        {
            d.WriteTag(1, WireFormat.WireType.Varint);
            d.WriteInt64(seconds);
        });
        o.WriteTag(1, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(duration));
    });

    private static void WriteAny(CodedOutputStream output, string typeUrl, byte[] value)
    {
        var any = Encode(a =>
        {
            a.WriteTag(1, WireFormat.WireType.LengthDelimited);
            a.WriteString(typeUrl);
            a.WriteTag(2, WireFormat.WireType.LengthDelimited);
            a.WriteBytes(ByteString.CopyFrom(value));
        });
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(any));
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static byte[] Encode(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }
}
