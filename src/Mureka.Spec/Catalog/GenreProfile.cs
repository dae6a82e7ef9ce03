using Mureka.Spec.Music;

namespace Mureka.Spec.Catalog;

/// <summary>What a spec needs to know about a genre: its id, the words that name it, its tempo range and defaults.</summary>
public sealed class GenreProfile
{
    public required string Id { get; init; }

    public required string DisplayName { get; init; }

    public required string Description { get; init; }

    /// <summary>Lower-case words and phrases a prompt may contain to mean this genre.</summary>
    public required IReadOnlyList<string> Aliases { get; init; }

    public required int MinBpm { get; init; }

    public required int MaxBpm { get; init; }

    public required int DefaultBpm { get; init; }

    public TimeSignature DefaultMeter { get; init; } = TimeSignature.FourFour;

    public Mode PreferredMode { get; init; } = Mode.Major;

    public override string ToString() => Id;
}
