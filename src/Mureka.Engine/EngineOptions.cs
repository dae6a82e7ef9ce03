using Mureka.Engine.Composer;

namespace Mureka.Engine;

public sealed record EngineOptions
{
    /// <summary>Folder with model.onnx, vocab.json and model.json; defaults to the shipped model.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>General MIDI soundfont; defaults to MuseScore General (sf3) from Debian's musescore-general-soundfont.</summary>
    public string? SoundFontPath { get; init; }

    public ComposerRuntimeOptions Composer { get; init; } = new();
}
