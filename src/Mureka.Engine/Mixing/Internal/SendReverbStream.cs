using System.Numerics;
using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// <see cref="SendReverb"/> (not looping) over sends that fill in stretch by stretch: the networks' delay lines carry
/// from one stretch to the next and the pre-delay reads earlier frames of the sends, so the wet signal is the same as
/// in one pass.
/// </summary>
internal sealed class SendReverbStream
{
    private readonly IReadOnlyList<AudioBuffer> sends;
    private readonly SendReverb.Network left;
    private readonly SendReverb.Network right;
    private readonly int preDelay;
    private readonly float direct;
    private readonly float cross;

    /// <param name="sends">The full-length send buses (at most four), read up to the end of each stretch.</param>
    public SendReverbStream(ReverbSettings settings, IReadOnlyList<AudioBuffer> sends)
    {
        var reverb = new SendReverb(settings);
        var sampleRate = sends[0].SampleRate;
        this.sends = sends;
        (left, right) = reverb.Networks(sampleRate);
        preDelay = reverb.PreDelayFrames(sampleRate);
        (direct, cross) = reverb.Returns();
    }

    /// <summary>Adds the wet signal of frames [from, to) of each send to the same frames of <paramref name="returns"/>.</summary>
    public void AddTo(IReadOnlyList<AudioBuffer> returns, int from, int to)
    {
        var length = to - from;
        var input = new Vector4[length];
        for (var lane = 0; lane < sends.Count; lane++)
        {
            var (l, r) = (sends[lane].Left, sends[lane].Right);
            for (var i = Math.Max(from, preDelay); i < to; i++)
            {
                input[i - from][lane] = SendReverb.Input(l[i - preDelay], r[i - preDelay]);
            }
        }

        var wetLeft4 = new Vector4[length];
        var wetRight4 = new Vector4[length];
        left.Process(input, wetLeft4);
        right.Process(input, wetRight4);
        var (wetLeft, wetRight) = (new float[length], new float[length]);
        for (var lane = 0; lane < sends.Count; lane++)
        {
            SendReverb.Return(wetLeft4, wetRight4, lane, direct, cross, wetLeft, wetRight);
            var target = returns[lane];
            for (var i = 0; i < length; i++)
            {
                target.Left[from + i] += wetLeft[i];
                target.Right[from + i] += wetRight[i];
            }
        }
    }
}
