namespace Mureka.Spec.Adaptive;

/// <summary>A state a preset names: its mood and the genre it suggests when the request names none.</summary>
public sealed record PresetState(string Name, string Mood, string Genre);

/// <summary>Named sets of states for the usual shapes of game music.</summary>
public static class AdaptivePresets
{
    public const string Default = "action";

    public static IReadOnlyDictionary<string, IReadOnlyList<PresetState>> All { get; } = new Dictionary<string, IReadOnlyList<PresetState>>(StringComparer.Ordinal)
    {
        ["action"] =
        [
            new("explore", "calm", "cinematic-orchestral"),
            new("tension", "mysterious", "cinematic-orchestral"),
            new("combat", "epic", "epic-trailer"),
            new("boss", "dark", "epic-trailer"),
        ],
        ["stealth"] =
        [
            new("idle", "calm", "ambient"),
            new("suspicious", "mysterious", "cinematic-orchestral"),
            new("alert", "dark", "epic-trailer"),
        ],
        ["platformer"] =
        [
            new("level", "happy", "chiptune"),
            new("hurry", "energetic", "chiptune"),
            new("boss", "dark", "chiptune"),
        ],
    };
}
