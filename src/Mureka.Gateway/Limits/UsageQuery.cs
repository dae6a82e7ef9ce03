using System.Globalization;
using Mureka.Spec;

namespace Mureka.Gateway.Limits;

/// <summary>The validated query of <c>GET /v1/usage</c>: a half-open UTC range [from, to) and a bucket size.</summary>
public sealed record UsageQuery(DateTimeOffset From, DateTimeOffset To, string Granularity)
{
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(366);
    public static readonly TimeSpan MaxHourlySpan = TimeSpan.FromDays(31);
    public static readonly IReadOnlyList<string> Granularities = ["hour", "day", "month"];

    /// <summary>Missing bounds default to the current billing period.</summary>
    /// <exception cref="RequestValidationException">Every bad parameter, named as in the query string.</exception>
    public static UsageQuery Parse(string? from, string? to, string? granularity, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        var period = BillingPeriod.Containing(now);
        var start = ParseInstant("from", from, period.Start, errors);
        var end = ParseInstant("to", to, period.End, errors);
        var bucket = string.IsNullOrEmpty(granularity) ? "day" : granularity;
        if (!Granularities.Contains(bucket, StringComparer.Ordinal))
        {
            errors.Add(new FieldError("granularity", $"must be one of: {string.Join(", ", Granularities)}"));
        }

        if (errors.Count == 0)
        {
            if (start >= end)
            {
                errors.Add(new FieldError("to", "must be after 'from'"));
            }
            else if (end - start > MaxSpan)
            {
                errors.Add(new FieldError("to", $"must be at most {MaxSpan.TotalDays:0} days after 'from'"));
            }
            else if (bucket == "hour" && end - start > MaxHourlySpan)
            {
                errors.Add(new FieldError("to", $"must be at most {MaxHourlySpan.TotalDays:0} days after 'from' with granularity=hour"));
            }
        }

        return errors.Count > 0 ? throw new RequestValidationException(errors) : new UsageQuery(start, end, bucket);
    }

    private static DateTimeOffset ParseInstant(string name, string? text, DateTimeOffset fallback, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        // ISO 8601 only: a date (midnight UTC) or a timestamp; without an offset it is UTC.
        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];
        if (DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        errors.Add(new FieldError(name, "must be an ISO 8601 date (2026-11-01) or timestamp (2026-11-01T00:00:00Z)"));
        return fallback;
    }
}
