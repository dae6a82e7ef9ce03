using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mureka.Engine.Composer;

/// <summary>The architecture facts in <c>model.json</c> that the sampler needs to shape the KV cache.</summary>
public sealed record ComposerModelInfo
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("version")]
    public required string Version { get; init; }

    [JsonPropertyName("layers")]
    public required int Layers { get; init; }

    [JsonPropertyName("heads")]
    public required int Heads { get; init; }

    [JsonPropertyName("head_dim")]
    public required int HeadDim { get; init; }

    [JsonPropertyName("vocab_size")]
    public required int VocabSize { get; init; }

    [JsonPropertyName("max_positions")]
    public required int MaxPositions { get; init; }

    /// <summary>Longest sequence seen in training; positions beyond it were never trained, so decoding stops there.</summary>
    [JsonPropertyName("trained_context")]
    public int? TrainedContext { get; init; }

    public int ContextLimit => Math.Min(MaxPositions, TrainedContext ?? MaxPositions);

    [JsonPropertyName("parameters")]
    public long Parameters { get; init; }

    /// <summary>The soundfont the pack's arrangements and mix profiles were tuned on; null for packs that do not name one.</summary>
    [JsonPropertyName("sound_font")]
    public SoundFontInfo? SoundFont { get; init; }

    public static ComposerModelInfo Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<ComposerModelInfo>(stream)
            ?? throw new InvalidDataException($"{path} is empty.");
    }
}
