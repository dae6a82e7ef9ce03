using Mureka.Spec.Music;

namespace Mureka.Spec.Catalog;

/// <summary>A mood nudges mode, tempo and intensity; genre and typed fields still decide first.</summary>
public sealed record MoodProfile(string Id, Mode? Mode, double TempoPosition, int Intensity, IReadOnlyList<string> Words);

public static class Moods
{
    public static IReadOnlyList<MoodProfile> All { get; } =
    [
        new("neutral", null, 0.5, 2, []),
        new("calm", null, 0.2, 1, ["calm", "chill", "relaxed", "relaxing", "peaceful", "serene", "gentle", "soothing", "mellow", "laid-back", "dreamy"]),
        new("happy", Mode.Major, 0.7, 2, ["happy", "cheerful", "joyful", "bright", "sunny", "positive", "fun", "playful"]),
        new("uplifting", Mode.Major, 0.65, 3, ["uplifting", "inspiring", "inspirational", "hopeful", "motivational", "triumphant"]),
        new("energetic", Mode.Major, 0.9, 3, ["energetic", "driving", "upbeat", "exciting", "powerful", "intense", "action"]),
        new("sad", Mode.Minor, 0.15, 1, ["sad", "melancholic", "melancholy", "sorrowful", "somber", "sombre", "nostalgic", "wistful", "lonely"]),
        new("dark", Mode.Minor, 0.4, 2, ["dark", "ominous", "sinister", "brooding", "gloomy", "menacing"]),
        new("epic", Mode.Minor, 0.6, 3, ["epic", "heroic", "grand", "majestic", "battle"]),
        new("mysterious", Mode.Minor, 0.35, 1, ["mysterious", "eerie", "suspense", "suspenseful", "tense", "haunting"]),
        new("romantic", Mode.Major, 0.3, 1, ["romantic", "tender", "love", "warm", "intimate"]),
    ];

    public static bool TryGet(string id, out MoodProfile mood)
    {
        var found = All.FirstOrDefault(m => string.Equals(m.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));
        mood = found ?? All[0];
        return found is not null;
    }
}
