using Mureka.Engine.Rendering;

namespace Mureka.Engine.Tests.TestSupport;

/// <summary>One renderer per test class: the soundfont is loaded once, like in the engine.</summary>
public sealed class SharedRenderer : IDisposable
{
    public ScoreRenderer Renderer { get; } = new(SoundFontLocator.Locate());

    public void Dispose() => Renderer.Dispose();
}
