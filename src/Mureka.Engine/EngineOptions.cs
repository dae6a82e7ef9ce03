using Mureka.Engine.Composer;

namespace Mureka.Engine;

public sealed record EngineOptions
{
    /// <summary>Folder with model.onnx, vocab.json and model.json; defaults to the shipped model.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>General MIDI soundfont; defaults to MuseScore General (sf3) from Debian's musescore-general-soundfont.</summary>
    public string? SoundFontPath { get; init; }

    public ComposerRuntimeOptions Composer { get; init; } = new();

    /// <summary>
    /// Items the engine arranges, renders, mixes and masters at once, across every batch; defaults to the processor
    /// count. Items share nothing once composed, so separate items fill the cores that one item's mostly serial
    /// stages (arranging, mastering, measuring) leave idle.
    /// </summary>
    public int? RenderWorkers { get; init; }

    /// <summary>The render worker count in effect: <see cref="RenderWorkers"/>, else the processor count.</summary>
    public int EffectiveRenderWorkers => RenderWorkers ?? Environment.ProcessorCount;
}
