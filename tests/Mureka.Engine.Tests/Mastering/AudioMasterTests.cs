using Mureka.Engine.Mastering;
using Mureka.Engine.Music;
using Mureka.Engine.Rendering;
using Mureka.Engine.Tests.TestSupport;

namespace Mureka.Engine.Tests.Mastering;

public sealed class AudioMasterTests(SharedRenderer shared) : IClassFixture<SharedRenderer>
{
    private const int SampleRate = 44100;

    [Fact]
    public async Task Master_RenderedMusic_FfmpegReadsTargetLoudnessAndPeakUnderCeiling()
    {
        var stems = Render(bars: 8, loop: false);

        var mastered = new AudioMaster().Master(stems, new MasteringOptions());
        using var wav = new TempFile(".wav");
        await AudioFiles.WriteAsync(mastered.Mix, wav.Path, bitDepth: 16);
        var (lufs, truePeak) = await Ffmpeg.MeasureLoudnessAsync(wav.Path);

        Assert.InRange(lufs, -15.0, -13.0);
        Assert.True(truePeak <= -1.0, $"ffmpeg true peak {truePeak} dBFS");
        Assert.InRange(mastered.IntegratedLufs, -14.3, -13.7);
        Assert.True(mastered.TruePeakDbtp <= -1.0, $"own true peak {mastered.TruePeakDbtp} dBTP");
    }

    [Fact]
    public async Task Master_Stems_SumToMixAfter16BitRoundTrip()
    {
        var stems = Render(bars: 4, loop: false);

        var mastered = new AudioMaster().Master(stems, new MasteringOptions());
        var mix = await RoundTrip16BitAsync(mastered.Mix);
        var sum = new float[mix.Length];
        foreach (var stem in mastered.Stems.Values)
        {
            var decoded = await RoundTrip16BitAsync(stem);
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += decoded[i];
            }
        }

        var residual = new float[mix.Length];
        for (var i = 0; i < mix.Length; i++)
        {
            residual[i] = sum[i] - mix[i];
        }

        var residualDb = 20 * Math.Log10(AudioFiles.Rms(residual) / AudioFiles.Rms(mix));
        Assert.True(residualDb <= -60, $"residual {residualDb:F1} dB");
        Assert.Equal(Enum.GetValues<StemKind>().Length, mastered.Stems.Count);
    }

    [Fact]
    public void Master_NonLoop_KeepsLengthAndFadesToSilence()
    {
        var stems = Render(bars: 3, loop: false);

        var mastered = new AudioMaster().Master(stems, new MasteringOptions(FadeOutSeconds: 0.5));

        Assert.Equal(stems[StemKind.Drums].Frames, mastered.Mix.Frames);
        Assert.Equal(0f, mastered.Mix.Left[^1]);
        Assert.Equal(0f, mastered.Mix.Right[^1]);
        var lastTenMilliseconds = mastered.Mix.Left.AsSpan(mastered.Mix.Frames - SampleRate / 100);
        Assert.True(AudioFiles.Rms(lastTenMilliseconds) < AudioFiles.Rms(mastered.Mix.Left) / 100);
    }

    [Fact]
    public void Master_Loop_NoFadesAndWrapStaysSeamless()
    {
        var stems = Render(bars: 2, loop: true);

        var mastered = new AudioMaster().Master(stems, new MasteringOptions(Loop: true));

        var left = mastered.Mix.Left;
        var jumps = new float[left.Length - 1];
        for (var i = 0; i < jumps.Length; i++)
        {
            jumps[i] = MathF.Abs(left[i + 1] - left[i]);
        }

        Array.Sort(jumps);
        var typical = jumps[(int)(0.999 * (jumps.Length - 1))];
        Assert.True(MathF.Abs(left[0] - left[^1]) <= typical);
        // The tail wrapped onto the start keeps the loop's end audible: no fade-out to silence.
        Assert.True(AudioFiles.Rms(left.AsSpan(left.Length - 2205)) > 1e-3);
        Assert.InRange(mastered.IntegratedLufs, -14.3, -13.7);
    }

    [Fact]
    public void Master_QuietSine_IsBroughtUpToTarget()
    {
        var sine = AudioFiles.Sine(48000, seconds: 6, frequency: 440, amplitude: 0.01);
        var stems = new Dictionary<StemKind, AudioBuffer> { [StemKind.Melody] = sine };

        var mastered = new AudioMaster().Master(stems, new MasteringOptions(TargetLufs: -16, FadeOutSeconds: 0));

        Assert.InRange(LoudnessMeter.IntegratedLufs(mastered.Mix), -16.3, -15.7);
        Assert.Equal(mastered.IntegratedLufs, LoudnessMeter.IntegratedLufs(mastered.Mix), 6);
        Assert.Equal(mastered.TruePeakDbtp, TruePeakMeter.TruePeakDbtp(mastered.Mix), 6);
    }

    [Fact]
    public void Master_StemsOfDifferentLengths_Throws()
    {
        var stems = new Dictionary<StemKind, AudioBuffer>
        {
            [StemKind.Bass] = new AudioBuffer(44100, 100),
            [StemKind.Drums] = new AudioBuffer(44100, 101),
        };

        Assert.Throws<ArgumentException>(() => new AudioMaster().Master(stems, new MasteringOptions()));
    }

    private IReadOnlyDictionary<StemKind, AudioBuffer> Render(int bars, bool loop)
    {
        var score = TestScores.FivePart(bars);
        return shared.Renderer.Render(score, new RenderOptions(SampleRate, TestScores.FramesFor(score, SampleRate), loop)).Stems;
    }

    private static async Task<float[]> RoundTrip16BitAsync(AudioBuffer audio)
    {
        using var wav = new TempFile(".wav");
        await AudioFiles.WriteAsync(audio, wav.Path, bitDepth: 16);
        return await Ffmpeg.DecodeStereoFloatAsync(wav.Path);
    }
}
