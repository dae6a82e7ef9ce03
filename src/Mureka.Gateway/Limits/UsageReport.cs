namespace Mureka.Gateway.Limits;

/// <summary>
/// The body of <c>GET /v1/usage</c>: rendered (billed) seconds per bucket and model from the usage ledger, each beside
/// what the same generations were estimated to bill when they were created.
/// </summary>
public sealed record UsageReport(
    DateTimeOffset From, DateTimeOffset To, string Granularity, IReadOnlyList<UsageBucket> Data, IReadOnlyList<ModelUsage> Models,
    decimal TotalRenderedSeconds, int TotalGenerations, decimal TotalEstimatedSeconds)
{
    public static UsageReport Build(UsageQuery query, IReadOnlyList<UsageRow> rows)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(rows);
        var data = rows.Select(r =>
        {
            var start = new DateTimeOffset(DateTime.SpecifyKind(r.PeriodStart, DateTimeKind.Utc));
            return new UsageBucket(start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), start, r.Model, Seconds(r.RenderedMs), r.Generations, Seconds(r.EstimatedMs));
        }).ToList();
        var models = rows.GroupBy(r => r.Model, StringComparer.Ordinal)
            .Select(g => new ModelUsage(g.Key, Seconds(g.Sum(r => r.RenderedMs)), g.Sum(r => r.Generations), Seconds(g.Sum(r => r.EstimatedMs))))
            .OrderBy(m => m.Model, StringComparer.Ordinal).ToList();
        return new UsageReport(query.From, query.To, query.Granularity, data, models, Seconds(rows.Sum(r => r.RenderedMs)), rows.Sum(r => r.Generations), Seconds(rows.Sum(r => r.EstimatedMs)));
    }

    // Exact decimal seconds from the ledger's milliseconds.
    private static decimal Seconds(long milliseconds) => milliseconds / 1000m;
}

/// <param name="Date">The bucket's UTC date (its first day for month buckets).</param>
/// <param name="Start">The bucket's first instant (UTC).</param>
/// <param name="EstimatedSeconds">What the bucket's generations were estimated to bill when created; equal to <paramref name="RenderedSeconds"/> unless a render's length differed from its estimate.</param>
public sealed record UsageBucket(string Date, DateTimeOffset Start, string Model, decimal RenderedSeconds, int Generations, decimal EstimatedSeconds);

public sealed record ModelUsage(string Model, decimal RenderedSeconds, int Generations, decimal EstimatedSeconds);
