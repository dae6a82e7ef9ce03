namespace Mureka.Gateway.Data;

/// <summary>The orders a generation listing can page in. Every one ends on the id, so positions are total and stable.</summary>
public enum GenerationSort : byte
{
    /// <summary>Newest first (the default).</summary>
    CreatedDescending = 0,
    CreatedAscending = 1,
    BpmAscending = 2,
    BpmDescending = 3,
    DurationAscending = 4,
    DurationDescending = 5,
}

/// <summary>The wire names of <see cref="GenerationSort"/>: the field, with a leading '-' for descending.</summary>
public static class GenerationSorts
{
    private static readonly (string Name, GenerationSort Sort)[] Names =
    [
        ("-created_at", GenerationSort.CreatedDescending),
        ("created_at", GenerationSort.CreatedAscending),
        ("bpm", GenerationSort.BpmAscending),
        ("-bpm", GenerationSort.BpmDescending),
        ("duration_ms", GenerationSort.DurationAscending),
        ("-duration_ms", GenerationSort.DurationDescending),
    ];

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    public static bool TryParse(string value, out GenerationSort sort)
    {
        foreach (var (name, candidate) in Names)
        {
            if (string.Equals(name, value, StringComparison.Ordinal))
            {
                sort = candidate;
                return true;
            }
        }

        sort = default;
        return false;
    }

    public static bool IsDefined(GenerationSort sort) => Names.Any(n => n.Sort == sort);

    public static bool IsDescending(this GenerationSort sort) =>
        sort is GenerationSort.CreatedDescending or GenerationSort.BpmDescending or GenerationSort.DurationDescending;
}

/// <summary>Where a page ends: the sort it was read in, the sort column's value on its last row, and that row's id.</summary>
/// <param name="Value">Created-at ticks, duration milliseconds, or the bits of the bpm (<see cref="BitConverter.DoubleToInt64Bits"/>).</param>
public readonly record struct GenerationPosition(GenerationSort Sort, long Value, Guid Id)
{
    public static GenerationPosition After(GenerationRecord last, GenerationSort sort) => new(sort, sort switch
    {
        GenerationSort.BpmAscending or GenerationSort.BpmDescending => BitConverter.DoubleToInt64Bits(last.Bpm),
        GenerationSort.DurationAscending or GenerationSort.DurationDescending => last.DurationMs,
        _ => last.CreatedAt.Ticks,
    }, last.Id);
}
