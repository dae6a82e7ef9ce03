namespace Mureka.Engine.Mastering.Internal;

/// <summary>
/// Computes a smooth gain curve that keeps <c>peak[n] * gain[n]</c> under a ceiling: a sliding minimum over the
/// look-ahead window followed by an equally long moving average gives a ramp that is already down when the peak
/// arrives, then an exponential release. Loops are processed as circular signals so the curve is seamless at the wrap.
/// </summary>
internal static class LookAheadLimiter
{
    public const double LookAheadSeconds = 0.005;
    public const double ReleaseSeconds = 0.15;

    // The release recursion forgets its start state after a few time constants; that much wrapped pre-roll makes it circular.
    private const double ReleaseSettleTimeConstants = 8;

    /// <param name="peakEnvelope">Per-frame true-peak amplitude of the unscaled mix.</param>
    /// <param name="gain">Linear make-up gain applied before limiting.</param>
    /// <param name="ceiling">Linear true-peak ceiling.</param>
    public static float[] Compute(ReadOnlySpan<float> peakEnvelope, double gain, double ceiling, int sampleRate, bool circular)
    {
        var frames = peakEnvelope.Length;
        var result = new float[frames];
        if (frames == 0)
        {
            return result;
        }

        var lookAhead = Math.Max(1, (int)Math.Round(LookAheadSeconds * sampleRate));
        var margin = lookAhead + (int)(ReleaseSettleTimeConstants * ReleaseSeconds * sampleRate);
        var extended = new float[frames + 2 * margin];
        for (var i = 0; i < extended.Length; i++)
        {
            var source = i - margin;
            if (circular)
            {
                source = ((source % frames) + frames) % frames;
            }

            extended[i] = source >= 0 && source < frames ? Required(peakEnvelope[source], gain, ceiling) : 1f;
        }

        var minimum = SlidingMinimumAhead(extended, lookAhead);
        var smoothed = MovingAverageBehind(minimum, lookAhead);
        ApplyRelease(smoothed, Math.Exp(-1.0 / (ReleaseSeconds * sampleRate)));
        for (var n = 0; n < frames; n++)
        {
            result[n] = (float)(smoothed[n + margin] * gain);
        }

        return result;
    }

    private static float Required(float peak, double gain, double ceiling)
    {
        var scaled = peak * gain;
        return scaled > ceiling ? (float)(ceiling / scaled) : 1f;
    }

    /// <summary>out[i] = min(x[i .. i + window]) with a monotonic deque, O(n).</summary>
    private static float[] SlidingMinimumAhead(float[] x, int window)
    {
        var output = new float[x.Length];
        var deque = new int[x.Length];
        int head = 0, tail = 0;
        var next = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var last = Math.Min(x.Length - 1, i + window);
            for (; next <= last; next++)
            {
                while (tail > head && x[deque[tail - 1]] >= x[next])
                {
                    tail--;
                }

                deque[tail++] = next;
            }

            while (deque[head] < i)
            {
                head++;
            }

            output[i] = x[deque[head]];
        }

        return output;
    }

    /// <summary>out[i] = mean(x[i - window .. i]); every input in that range already covers frame i, so out[i] stays safe.</summary>
    private static double[] MovingAverageBehind(float[] x, int window)
    {
        var output = new double[x.Length];
        var length = window + 1;
        // Frames before the start count as unity gain, matching the padding.
        var sum = (double)length;
        for (var i = 0; i < x.Length; i++)
        {
            sum += x[i] - (i >= length ? x[i - length] : 1.0);
            output[i] = Math.Min(1.0, sum / length);
        }

        return output;
    }

    private static void ApplyRelease(double[] gain, double coefficient)
    {
        var state = gain[0];
        for (var i = 0; i < gain.Length; i++)
        {
            var target = gain[i];
            state = target < state ? target : target + (state - target) * coefficient;
            gain[i] = state;
        }
    }
}
