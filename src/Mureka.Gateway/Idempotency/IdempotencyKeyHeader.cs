namespace Mureka.Gateway.Idempotency;

/// <summary>The <c>Idempotency-Key</c> request header: 1–255 printable ASCII characters (a UUID is the usual choice).</summary>
internal static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxLength = 255;

    /// <returns>Null when valid, else what is wrong with it.</returns>
    public static string? Validate(string[] values)
    {
        if (values.Length != 1)
        {
            return "must be sent once";
        }

        var key = values[0];
        if (key.Length is 0 or > MaxLength)
        {
            return $"must be 1 to {MaxLength} characters (got {key.Length})";
        }

        foreach (var c in key)
        {
            if (c is < ' ' or > '~')
            {
                return "must contain only printable ASCII characters";
            }
        }

        return null;
    }
}
