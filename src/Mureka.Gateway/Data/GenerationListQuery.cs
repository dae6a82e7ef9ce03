using System.Text;
using System.Text.Json;
using Dapper;

namespace Mureka.Gateway.Data;

/// <summary>
/// The where and order-by clauses of one listing. Only fixed fragments are ever joined into the SQL; every value is
/// a parameter. The search configuration is the one the <c>search</c> column was built with, or its index is unused.
/// </summary>
internal sealed record GenerationListQuery(string Where, string OrderBy, DynamicParameters Parameters)
{
    public static GenerationListQuery Build(Guid tenantId, int limit, GenerationSort sort, GenerationPosition? after, GenerationFilter filter)
    {
        // Listings are of tracks; adaptive sets are read by their own id.
        var where = new StringBuilder("tenant_id = @tenantId and kind = 'track'");
        var parameters = new DynamicParameters(new { tenantId, limit });

        void Add(string clause, string name, object? value)
        {
            if (value is not null)
            {
                where.Append(" and ").Append(clause);
                parameters.Add(name, value);
            }
        }

        Add("batch_id = @batchId", "batchId", filter.BatchId);
        Add("parent_id = @parentId", "parentId", filter.ParentId);
        Add("status = @status", "status", filter.Status);
        Add("genre = @genre", "genre", filter.Genre);
        Add("mood = @mood", "mood", filter.Mood);
        Add("key_tonic = @keyTonic", "keyTonic", filter.KeyTonic);
        Add("key_mode = @keyMode", "keyMode", filter.KeyMode);
        Add("bpm >= @minBpm", "minBpm", filter.MinBpm);
        Add("bpm <= @maxBpm", "maxBpm", filter.MaxBpm);
        Add("duration_ms >= @minDurationMs", "minDurationMs", filter.MinDurationMs);
        Add("duration_ms <= @maxDurationMs", "maxDurationMs", filter.MaxDurationMs);
        Add("intensity = @intensity", "intensity", filter.Intensity);
        Add("is_loop = @loop", "loop", filter.Loop);
        Add("has_stems = @stems", "stems", filter.Stems);
        Add("created_at >= @createdAfter", "createdAfter", filter.CreatedAfter?.UtcDateTime);
        Add("created_at < @createdBefore", "createdBefore", filter.CreatedBefore?.UtcDateTime);
        Add("labels @> @labels::jsonb", "labels", filter.Labels is { Count: > 0 } labels ? JsonSerializer.Serialize(labels) : null);
        Add("search @@ websearch_to_tsquery('english', @text)", "text", filter.Text);

        var (column, descending) = sort switch
        {
            GenerationSort.BpmAscending or GenerationSort.BpmDescending => ("bpm", sort.IsDescending()),
            GenerationSort.DurationAscending or GenerationSort.DurationDescending => ("duration_ms", sort.IsDescending()),
            _ => ("created_at", sort.IsDescending()),
        };
        if (after is { } position)
        {
            where.Append(" and (").Append(column).Append(", id) ").Append(descending ? "<" : ">").Append(" (@afterValue, @afterId)");
            parameters.Add("afterValue", sort switch
            {
                GenerationSort.BpmAscending or GenerationSort.BpmDescending => BitConverter.Int64BitsToDouble(position.Value),
                GenerationSort.DurationAscending or GenerationSort.DurationDescending => (object)(int)position.Value,
                _ => new DateTime(position.Value, DateTimeKind.Utc),
            });
            parameters.Add("afterId", position.Id);
        }

        var direction = descending ? "desc" : "asc";
        return new GenerationListQuery(where.ToString(), $"{column} {direction}, id {direction}", parameters);
    }
}
