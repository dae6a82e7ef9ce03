using Mureka.Engine.Mixing;
using Mureka.Engine.Mixing.Internal;
using Mureka.Engine.Music;
using Mureka.Engine.Tests.TestSupport;

namespace Mureka.Engine.Tests.Mixing;

public sealed class SendReverbTests
{
    private static readonly ReverbSettings Hall = new(RoomSize: 0.86, Damping: 0.45, PreDelayMs: 30, ReturnDb: -1);

    [Fact]
    public void Process_SumOfTwoSends_EqualsSumOfTheirReverbs()
    {
        var a = AudioFiles.Sine(44_100, 2, 440, 0.3);
        var b = AudioFiles.Sine(44_100, 2, 1_250, 0.2, left: false);
        var sum = AudioFiles.Mix(new Dictionary<StemKind, AudioBuffer> { [StemKind.Bass] = a, [StemKind.Melody] = b });
        var reverb = new SendReverb(Hall);

        var wetA = reverb.Process(a, loop: false);
        var wetB = reverb.Process(b, loop: false);
        var wetSum = reverb.Process(sum, loop: false);

        double signal = 0, residual = 0;
        for (var i = 0; i < wetSum.Frames; i++)
        {
            var expected = wetA.Left[i] + wetB.Left[i];
            signal += expected * expected;
            residual += (wetSum.Left[i] - expected) * (wetSum.Left[i] - expected);
        }

        Assert.True(signal > 0, "the reverb returned silence");
        Assert.True(10 * Math.Log10(residual / signal) <= -100, "the reverb is not linear: per-stem sends would not sum to the mix");
    }

    [Fact]
    public void Process_LoopWithHitAtTheEnd_TailWrapsOntoTheStart()
    {
        var send = new AudioBuffer(44_100, 44_100);
        for (var i = send.Frames - 2_000; i < send.Frames - 1_000; i++)
        {
            send.Left[i] = send.Right[i] = 0.5f;
        }

        var looped = new SendReverb(Hall).Process(send, loop: true);
        var plain = new SendReverb(Hall).Process(send, loop: false);

        var start = AudioFiles.Rms(looped.Left.AsSpan(0, 4_410));
        Assert.True(start > 1e-3, $"no tail at the loop start (rms {start})");
        Assert.True(AudioFiles.Rms(plain.Left.AsSpan(0, 4_410)) < 1e-6, "a non-loop must not wrap");
    }
}
