namespace Mureka.Engine.Mastering.Internal;

/// <summary>Raised-cosine fades written into a gain curve.</summary>
internal static class Fades
{
    public static void FadeIn(Span<float> gain, int frames)
    {
        frames = Math.Min(frames, gain.Length);
        for (var i = 0; i < frames; i++)
        {
            gain[i] *= FadeInAt(i, frames);
        }
    }

    /// <summary>Ends on exactly zero so the last sample is silent.</summary>
    public static void FadeOut(Span<float> gain, int frames)
    {
        frames = Math.Min(frames, gain.Length);
        var start = gain.Length - frames;
        for (var i = 0; i < frames; i++)
        {
            gain[start + i] *= FadeOutAt(i, frames);
        }
    }

    /// <summary>The fade-in's gain at frame <paramref name="i"/> of <paramref name="frames"/>.</summary>
    public static float FadeInAt(int i, int frames) => 0.5f * (1f - MathF.Cos(MathF.PI * i / frames));

    /// <summary>The fade-out's gain at frame <paramref name="i"/> of its <paramref name="frames"/>.</summary>
    public static float FadeOutAt(int i, int frames) => 0.5f * (1f + MathF.Cos(MathF.PI * (i + 1) / frames));
}
