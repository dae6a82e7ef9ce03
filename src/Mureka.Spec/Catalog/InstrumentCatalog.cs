using System.Diagnostics.CodeAnalysis;

namespace Mureka.Spec.Catalog;

/// <summary>Which part an instrument takes when a request names it.</summary>
public enum InstrumentRole
{
    /// <summary>Melody, harmony or extra layer, by its place in the request.</summary>
    Melodic,

    /// <summary>Replaces the bass part's instrument.</summary>
    Bass,
}

/// <summary>A user-facing instrument: its General MIDI program and the register it sounds best in as a lead.</summary>
public sealed record InstrumentInfo(string Name, int Program, InstrumentRole Role = InstrumentRole.Melodic, int LowestPitch = 60, int HighestPitch = 84);

/// <summary>
/// The instruments a request may name. Requested instruments override the genre template: bass-role
/// instruments replace the bass; the others, in the order given, replace the melody (first), the harmony
/// (second) and the extra layer (third; a genre without one gains a counter-line on intensity 3).
/// Names match case-insensitively, with spaces or underscores in place of hyphens.
/// </summary>
public static class InstrumentCatalog
{
    private static readonly InstrumentInfo[] Instruments =
    [
        new("piano", 0, LowestPitch: 60, HighestPitch: 88),
        new("electric-piano", 4, LowestPitch: 57, HighestPitch: 84),
        new("organ", 16, LowestPitch: 55, HighestPitch: 84),
        new("guitar", 24, LowestPitch: 55, HighestPitch: 79),
        new("electric-guitar", 27, LowestPitch: 55, HighestPitch: 81),
        new("distortion-guitar", 30, LowestPitch: 52, HighestPitch: 79),
        new("bass", 33, InstrumentRole.Bass),
        new("synth-bass", 38, InstrumentRole.Bass),
        new("strings", 48, LowestPitch: 55, HighestPitch: 84),
        new("violin", 40, LowestPitch: 60, HighestPitch: 91),
        new("cello", 42, LowestPitch: 48, HighestPitch: 72),
        new("choir", 52, LowestPitch: 55, HighestPitch: 79),
        new("trumpet", 56, LowestPitch: 58, HighestPitch: 82),
        new("trombone", 57, LowestPitch: 48, HighestPitch: 72),
        new("brass", 61, LowestPitch: 55, HighestPitch: 79),
        new("french-horn", 60, LowestPitch: 53, HighestPitch: 77),
        new("flute", 73, LowestPitch: 62, HighestPitch: 91),
        new("clarinet", 71, LowestPitch: 55, HighestPitch: 84),
        new("oboe", 68, LowestPitch: 60, HighestPitch: 86),
        new("saxophone", 65, LowestPitch: 55, HighestPitch: 80),
        new("harp", 46, LowestPitch: 55, HighestPitch: 88),
        new("marimba", 12, LowestPitch: 60, HighestPitch: 88),
        new("vibraphone", 11, LowestPitch: 60, HighestPitch: 84),
        new("synth-lead", 81, LowestPitch: 60, HighestPitch: 86),
        new("square-lead", 80, LowestPitch: 60, HighestPitch: 86),
        new("synth-pad", 89, LowestPitch: 55, HighestPitch: 79),
        new("bells", 14, LowestPitch: 67, HighestPitch: 96),
        new("glockenspiel", 9, LowestPitch: 72, HighestPitch: 96),
        new("celesta", 8, LowestPitch: 67, HighestPitch: 96),
        new("accordion", 21, LowestPitch: 57, HighestPitch: 84),
        new("banjo", 105, LowestPitch: 60, HighestPitch: 84),
        new("sitar", 104, LowestPitch: 55, HighestPitch: 81),
    ];

    private static readonly Dictionary<string, InstrumentInfo> ByName =
        Instruments.ToDictionary(i => i.Name, StringComparer.Ordinal);

    public static IReadOnlyList<string> Names { get; } = [.. Instruments.Select(i => i.Name)];

    public static IReadOnlyList<InstrumentInfo> All => Instruments;

    public static bool TryGet(string name, [MaybeNullWhen(false)] out InstrumentInfo info)
    {
        info = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var key = string.Join('-', name.Trim().ToLowerInvariant().Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries));
        return ByName.TryGetValue(key, out info);
    }
}
