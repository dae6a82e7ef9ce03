using System.Numerics;
using System.Runtime.InteropServices;
using Mureka.Engine.Music;

namespace Mureka.Engine.Mastering.Internal;

/// <summary>
/// 4× polyphase interpolation (BS.1770-4 Annex 2 style) reduced to a per-frame envelope: for frame n, the largest
/// |sample| of either channel at times n, n+¼, n+½, n+¾. Phase 0 is the input itself, so sample peaks are exact.
/// </summary>
internal static class TruePeakOversampler
{
    private const int Factor = 4;
    private const int TapsPerPhase = 24;
    private const double KaiserBeta = 7.0;
    private const int ChunkFrames = 4096;

    // phaseTaps[p][k] = h[p + 4k]; h is a Kaiser-windowed sinc with cutoff at the input's Nyquist frequency.
    private static readonly float[][] PhaseTaps = DesignPhaseTaps();

    /// <summary>How many frames after frame n its envelope reads: a stream's envelope is final that far behind its input.</summary>
    public const int FutureFrames = TapsPerPhase / 2;

    public static float[] PeakEnvelope(AudioBuffer audio)
    {
        var envelope = new float[audio.Frames];
        PeakEnvelope(audio, 0, audio.Frames, envelope);
        return envelope;
    }

    /// <summary>
    /// Writes the envelope of frames [<paramref name="from"/>, <paramref name="to"/>) into <paramref name="envelope"/>
    /// (indexed like the audio, zero there beforehand); reads the audio up to <see cref="FutureFrames"/> past
    /// <paramref name="to"/>, treating frames past the end as silence.
    /// </summary>
    public static void PeakEnvelope(AudioBuffer audio, int from, int to, Span<float> envelope)
    {
        AccumulateChannel(audio.Left, from, to, envelope);
        AccumulateChannel(audio.Right, from, to, envelope);
    }

    private static void AccumulateChannel(float[] channel, int from, int to, Span<float> envelope)
    {
        var frames = to - from;
        if (frames <= 0)
        {
            return;
        }

        // padded[j] = channel[from - TapsPerPhase + j], silence outside the audio.
        var padded = new float[frames + 2 * TapsPerPhase];
        var first = Math.Max(0, from - TapsPerPhase);
        var last = Math.Min(channel.Length, to + TapsPerPhase);
        channel.AsSpan(first, last - first).CopyTo(padded.AsSpan(first - (from - TapsPerPhase)));
        var accumulator = new float[ChunkFrames];
        for (var n = from; n < to; n++)
        {
            envelope[n] = MathF.Max(envelope[n], MathF.Abs(channel[n]));
        }

        for (var start = 0; start < frames; start += ChunkFrames)
        {
            var length = Math.Min(ChunkFrames, frames - start);
            var acc = accumulator.AsSpan(0, length);
            for (var phase = 1; phase < Factor; phase++)
            {
                acc.Clear();
                var taps = PhaseTaps[phase];
                for (var k = 0; k < taps.Length; k++)
                {
                    MultiplyAdd(padded.AsSpan(start + TapsPerPhase * 3 / 2 - k, length), taps[k], acc);
                }

                var env = envelope.Slice(from + start, length);
                for (var i = 0; i < length; i++)
                {
                    env[i] = MathF.Max(env[i], MathF.Abs(acc[i]));
                }
            }
        }
    }

    private static void MultiplyAdd(ReadOnlySpan<float> x, float coefficient, Span<float> acc)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            var av = MemoryMarshal.Cast<float, Vector<float>>(acc);
            var c = new Vector<float>(coefficient);
            for (var v = 0; v < av.Length; v++)
            {
                av[v] += xv[v] * c;
            }

            i = av.Length * Vector<float>.Count;
        }

        for (; i < acc.Length; i++)
        {
            acc[i] += x[i] * coefficient;
        }
    }

    private static float[][] DesignPhaseTaps()
    {
        var length = Factor * TapsPerPhase + 1;
        var centre = length / 2;
        var prototype = new double[length];
        var norm = BesselI0(KaiserBeta);
        for (var m = 0; m < length; m++)
        {
            var t = (m - centre) / (double)Factor;
            var sinc = t == 0 ? 1.0 : Math.Sin(Math.PI * t) / (Math.PI * t);
            var r = (m - centre) / (double)centre;
            prototype[m] = sinc * BesselI0(KaiserBeta * Math.Sqrt(1.0 - r * r)) / norm;
        }

        var phases = new float[Factor][];
        for (var p = 0; p < Factor; p++)
        {
            var taps = new float[TapsPerPhase + 1];
            var sum = 0.0;
            for (var k = 0; k <= TapsPerPhase && p + Factor * k < length; k++)
            {
                sum += prototype[p + Factor * k];
            }

            // Unity DC gain per phase so a constant signal reads the same at every interpolated point.
            for (var k = 0; k <= TapsPerPhase && p + Factor * k < length; k++)
            {
                taps[k] = (float)(prototype[p + Factor * k] / sum);
            }

            phases[p] = taps;
        }

        return phases;
    }

    private static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        for (var k = 1; k < 50; k++)
        {
            term *= x / (2.0 * k) * (x / (2.0 * k));
            sum += term;
            if (term < 1e-12 * sum)
            {
                break;
            }
        }

        return sum;
    }
}
