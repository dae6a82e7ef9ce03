namespace Mureka.Spec;

/// <summary>
/// Marks a piece that continues an earlier one: the lengths it had before, oldest first, and the intensity of each part
/// of it. The piece is planned as its first length was (the same lead sheet, form and arrangement, so its opening plays
/// exactly as before), each later length continued that, and this one continues the last; only the final ending is
/// new. What it adds over the last earlier length is what it bills.
/// </summary>
public sealed record PieceExtension
{
    /// <summary>Most continuations of one piece (an extension of an extension of …).</summary>
    public const int MaxSegments = 16;

    /// <summary>The piece's earlier lengths in milliseconds, oldest first, each longer than the one before.</summary>
    public required IReadOnlyList<int> DurationsMs { get; init; }

    /// <summary>The intensity of the original piece, then of each continuation in order (one more than <see cref="DurationsMs"/>).</summary>
    public required IReadOnlyList<int> Intensities { get; init; }
}
