using Mureka.Engine.Music;

namespace Mureka.Engine.Rendering;

/// <summary>One buffer per <see cref="StemKind"/>, each exactly <see cref="RenderOptions.TotalFrames"/> long.</summary>
public sealed record RenderedStems(IReadOnlyDictionary<StemKind, AudioBuffer> Stems);
