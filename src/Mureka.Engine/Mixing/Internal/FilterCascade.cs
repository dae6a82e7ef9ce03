using System.Buffers;
using Mureka.Engine.Mastering.Internal;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// Biquads in series, run in place on one channel. For a loop the filters are first run over the loop's end so the
/// start sees the state it would have on the previous pass: the filtered loop still joins without a click.
/// </summary>
internal sealed class FilterCascade
{
    // A constant far below audibility keeps the recursive state out of the (very slow) denormal range in silence.
    private const double AntiDenormal = 1e-20;

    private readonly Biquad[] sections;

    public FilterCascade(IReadOnlyList<Biquad> sections)
    {
        this.sections = [.. sections];
    }

    public bool IsEmpty => sections.Length == 0;

    public void Process(Span<float> channel, bool loop, int warmUpFrames)
    {
        if (sections.Length == 0 || channel.IsEmpty)
        {
            return;
        }

        var state = new double[sections.Length * 2];
        if (loop)
        {
            var warm = Math.Min(warmUpFrames, channel.Length);
            var scratch = ArrayPool<float>.Shared.Rent(warm);
            try
            {
                Run(channel[^warm..], scratch.AsSpan(0, warm), state);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }

        Run(channel, channel, state);
    }

    /// <summary>
    /// Both channels in one pass, each frame through every section: the two channels' recursions and successive
    /// sections overlap in the core instead of waiting on each other, several times faster than channel by channel,
    /// section by section; the signal also stays in double precision between sections.
    /// </summary>
    public void ProcessStereo(Span<float> left, Span<float> right, bool loop, int warmUpFrames)
    {
        if (sections.Length == 0 || left.IsEmpty)
        {
            return;
        }

        var stateLeft = new double[sections.Length * 2];
        var stateRight = new double[sections.Length * 2];
        if (loop)
        {
            var warm = Math.Min(warmUpFrames, left.Length);
            var scratchLeft = ArrayPool<float>.Shared.Rent(warm);
            var scratchRight = ArrayPool<float>.Shared.Rent(warm);
            try
            {
                left[^warm..].CopyTo(scratchLeft);
                right[^warm..].CopyTo(scratchRight);
                RunStereo(scratchLeft.AsSpan(0, warm), scratchRight.AsSpan(0, warm), stateLeft, stateRight);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratchLeft);
                ArrayPool<float>.Shared.Return(scratchRight);
            }
        }

        RunStereo(left, right, stateLeft, stateRight);
    }

    /// <summary>A fresh state for <see cref="ProcessStereo(Span{float}, Span{float}, StereoState)"/>: the filters at rest.</summary>
    public StereoState NewStereoState() => new(new double[sections.Length * 2], new double[sections.Length * 2]);

    /// <summary>A fresh state for <see cref="Process(Span{float}, double[])"/>.</summary>
    public double[] NewState() => new double[sections.Length * 2];

    /// <summary>Filters the next stretch of a stream in place, going on from the state the stretch before left.</summary>
    public void ProcessStereo(Span<float> left, Span<float> right, StereoState state) => RunStereo(left, right, state.Left, state.Right);

    /// <summary>Filters the next stretch of one channel of a stream in place, going on from <paramref name="state"/>.</summary>
    public void Process(Span<float> channel, double[] state) => Run(channel, channel, state);

    private void RunStereo(Span<float> left, Span<float> right, double[] stateLeft, double[] stateRight)
    {
        var count = sections.Length;
        for (var i = 0; i < left.Length; i++)
        {
            double xl = left[i];
            double xr = right[i];
            for (var s = 0; s < count; s++)
            {
                var (b0, b1, b2, a1, a2) = sections[s];
                xl += AntiDenormal;
                xr += AntiDenormal;
                var yl = (b0 * xl) + stateLeft[2 * s];
                var yr = (b0 * xr) + stateRight[2 * s];
                stateLeft[2 * s] = (b1 * xl) - (a1 * yl) + stateLeft[(2 * s) + 1];
                stateRight[2 * s] = (b1 * xr) - (a1 * yr) + stateRight[(2 * s) + 1];
                stateLeft[(2 * s) + 1] = (b2 * xl) - (a2 * yl);
                stateRight[(2 * s) + 1] = (b2 * xr) - (a2 * yr);
                xl = yl;
                xr = yr;
            }

            left[i] = (float)xl;
            right[i] = (float)xr;
        }
    }

    private void Run(ReadOnlySpan<float> input, Span<float> output, double[] state)
    {
        for (var s = 0; s < sections.Length; s++)
        {
            var (b0, b1, b2, a1, a2) = sections[s];
            var z1 = state[2 * s];
            var z2 = state[(2 * s) + 1];
            var source = s == 0 ? input : output;
            for (var i = 0; i < output.Length; i++)
            {
                var x = source[i] + AntiDenormal;
                var y = (b0 * x) + z1;
                z1 = (b1 * x) - (a1 * y) + z2;
                z2 = (b2 * x) - (a2 * y);
                output[i] = (float)y;
            }

            state[2 * s] = z1;
            state[(2 * s) + 1] = z2;
        }
    }

    /// <summary>The recursive state of both channels, carried from one stretch of a stream to the next.</summary>
    public sealed record StereoState(double[] Left, double[] Right);
}
