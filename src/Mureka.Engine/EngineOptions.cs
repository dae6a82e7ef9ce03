using Mureka.Engine.Composer;

namespace Mureka.Engine;

public sealed record EngineOptions
{
    /// <summary>Folder with model.onnx, vocab.json and model.json; defaults to the shipped model.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>General MIDI soundfont; defaults to FluidR3_GM from Debian's fluid-soundfont-gm.</summary>
    public string? SoundFontPath { get; init; }

    public ComposerRuntimeOptions Composer { get; init; } = new();
}
