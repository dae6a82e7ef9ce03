using Mureka.Engine.Adaptive;
using Mureka.Spec.Adaptive;

namespace Mureka.Engine.Tests.Adaptive;

/// <summary>One adaptive set rendered once for every test that inspects it (the action preset: 4 states, 12 transitions, 3 stingers).</summary>
internal static class RenderedSet
{
    private static readonly Lock Gate = new();
    private static Task<AdaptiveSetRender>? _render;

    public static AdaptiveSetSpec Spec { get; } = new() { Preset = "action", Bpm = 110, Key = "D minor", Bars = 8, Seed = 7, SampleRate = 48_000, BitDepth = 24, Title = "Test set" };

    public static Task<AdaptiveSetRender> GetAsync(MurekaEngine engine)
    {
        lock (Gate)
        {
            return _render ??= engine.RenderAdaptiveSetAsync(AdaptiveSetResolver.Resolve(Spec));
        }
    }
}
