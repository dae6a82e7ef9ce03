using System.Text.Json.Serialization;

namespace Mureka.Engine.Composer;

/// <summary>The sample set a model pack was voiced and mixed for (model.json's <c>sound_font</c>); part of the pack's identity.</summary>
public sealed record SoundFontInfo
{
    [JsonPropertyName("file")]
    public required string File { get; init; }

    [JsonPropertyName("package")]
    public string? Package { get; init; }

    [JsonPropertyName("license")]
    public string? License { get; init; }

    /// <summary>SHA-256 of the soundfont file, lower-case hex.</summary>
    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }
}
