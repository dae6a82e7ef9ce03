using System.Numerics;
using System.Runtime.InteropServices;
using Mureka.Engine.Music;

namespace Mureka.Engine.Mastering.Internal;

/// <summary>Sums stems and applies one gain curve to a buffer.</summary>
internal static class GainApplier
{
    public static AudioBuffer Apply(AudioBuffer audio, ReadOnlySpan<float> gain)
    {
        var result = new AudioBuffer(audio.SampleRate, audio.Frames);
        Multiply(audio.Left, gain, result.Left);
        Multiply(audio.Right, gain, result.Right);
        return result;
    }

    public static AudioBuffer Sum(IEnumerable<AudioBuffer> buffers, int sampleRate, int frames)
    {
        var mix = new AudioBuffer(sampleRate, frames);
        foreach (var buffer in buffers)
        {
            AddInPlace(mix.Left, buffer.Left);
            AddInPlace(mix.Right, buffer.Right);
        }

        return mix;
    }

    private static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
    {
        var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
        var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
        var dv = MemoryMarshal.Cast<float, Vector<float>>(destination);
        for (var v = 0; v < dv.Length; v++)
        {
            dv[v] = xv[v] * yv[v];
        }

        for (var i = dv.Length * Vector<float>.Count; i < destination.Length; i++)
        {
            destination[i] = x[i] * y[i];
        }
    }

    private static void AddInPlace(Span<float> accumulator, ReadOnlySpan<float> x)
    {
        var av = MemoryMarshal.Cast<float, Vector<float>>(accumulator);
        var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
        for (var v = 0; v < av.Length; v++)
        {
            av[v] += xv[v];
        }

        for (var i = av.Length * Vector<float>.Count; i < accumulator.Length; i++)
        {
            accumulator[i] += x[i];
        }
    }
}
