namespace Mureka.Engine.Mastering.Internal;

/// <summary>
/// <see cref="LookAheadLimiter"/> (not circular) computed frame by frame as the peak envelope arrives: the same sliding
/// minimum over the look-ahead, moving average and release, with the same padding of unity gain around the signal, so
/// the curve is identical to the whole-buffer one. A frame's gain is known once the envelope is known
/// <see cref="LookAheadFrames"/> frames past it. The make-up gain may change from frame to frame (a
/// <see cref="LoudnessServo"/> steers it); each frame's must be written before the envelope reaching past it arrives.
/// </summary>
internal sealed class LimiterStream
{
    private readonly int frames;
    private readonly float[] gains;
    private readonly double ceiling;
    private readonly double coefficient;
    private readonly int window;

    // The monotonic deque of the sliding minimum, as a ring of (frame, required gain).
    private readonly int[] dequeFrames;
    private readonly float[] dequeValues;
    private int head;
    private int count;

    // The sliding minima of the last window + 1 frames, for the moving average (unity before the start).
    private readonly float[] recent;
    private double sum;
    private double state = 1.0;
    private int pushed;
    private int next;

    /// <param name="gains">Each frame's make-up gain, filled in by the caller ahead of <see cref="Advance"/>.</param>
    public LimiterStream(float[] gains, double ceiling, int sampleRate)
    {
        frames = gains.Length;
        this.gains = gains;
        this.ceiling = ceiling;
        coefficient = Math.Exp(-1.0 / (LookAheadLimiter.ReleaseSeconds * sampleRate));
        LookAheadFrames = Math.Max(1, (int)Math.Round(LookAheadLimiter.LookAheadSeconds * sampleRate));
        window = LookAheadFrames + 1;
        dequeFrames = new int[window + 1];
        dequeValues = new float[window + 1];
        recent = new float[window];
        Array.Fill(recent, 1f);
        sum = window;

        // The padding before the start reaches into the first frames' look-ahead, as in the whole-buffer curve.
        next = -LookAheadFrames;
    }

    public int LookAheadFrames { get; }

    /// <summary>Frames whose gain is written so far.</summary>
    public int Done => Math.Max(0, next);

    /// <summary>
    /// Writes the gain of every frame that <paramref name="envelope"/>, known up to <paramref name="known"/> (all of it
    /// at <c>frames</c>), now decides, into <paramref name="curve"/>; both are indexed like the audio.
    /// </summary>
    public void Advance(ReadOnlySpan<float> envelope, int known, Span<float> curve)
    {
        while (next < frames)
        {
            var needed = Math.Min(frames - 1, next + LookAheadFrames);
            if (needed >= known)
            {
                return;
            }

            for (; pushed <= needed; pushed++)
            {
                Push(pushed, Required(envelope[pushed], gains[pushed]));
            }

            while (dequeFrames[head] < next)
            {
                head = (head + 1) % dequeFrames.Length;
                count--;
            }

            var minimum = dequeValues[head];
            var slot = ((next % window) + window) % window;
            sum += minimum - (double)recent[slot];
            recent[slot] = minimum;
            var smoothed = Math.Min(1.0, sum / window);
            state = smoothed < state ? smoothed : smoothed + ((state - smoothed) * coefficient);
            if (next >= 0)
            {
                curve[next] = (float)(state * gains[next]);
            }

            next++;
        }
    }

    private void Push(int frame, float value)
    {
        while (count > 0 && dequeValues[(head + count - 1) % dequeValues.Length] >= value)
        {
            count--;
        }

        var tail = (head + count) % dequeValues.Length;
        dequeFrames[tail] = frame;
        dequeValues[tail] = value;
        count++;
    }

    private float Required(float peak, float gain)
    {
        var scaled = (double)peak * gain;
        return scaled > ceiling ? (float)(ceiling / scaled) : 1f;
    }
}
