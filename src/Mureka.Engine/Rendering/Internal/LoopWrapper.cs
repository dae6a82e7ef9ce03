namespace Mureka.Engine.Rendering.Internal;

/// <summary>Folds the part of a render that rings past the loop end back onto its start, so the loop point is seamless.</summary>
internal static class LoopWrapper
{
    /// <param name="rendered">The loop body followed by its tail.</param>
    /// <param name="loop">Destination, exactly one loop long.</param>
    /// <param name="fadeFrames">Raised-cosine fade at the very end of the tail, a guard in case it has not fully decayed.</param>
    public static void Wrap(ReadOnlySpan<float> rendered, Span<float> loop, int fadeFrames)
    {
        var length = loop.Length;
        rendered[..length].CopyTo(loop);
        var tail = rendered[length..];
        fadeFrames = Math.Min(fadeFrames, tail.Length);
        var fadeStart = tail.Length - fadeFrames;
        for (var i = 0; i < tail.Length; i++)
        {
            var sample = tail[i];
            if (i >= fadeStart)
            {
                var phase = (i - fadeStart + 1) / (float)fadeFrames;
                sample *= 0.5f * (1f + MathF.Cos(MathF.PI * phase));
            }

            // Short loops can be shorter than the tail: keep folding.
            loop[i % length] += sample;
        }
    }
}
