using System.Security.Cryptography;
using Mureka.Engine.Encoding;
using Mureka.Engine.Tests.TestSupport;
using Mureka.Spec;

namespace Mureka.Engine.Tests.Encoding;

public sealed class AudioEncoderTests
{
    private const int SampleRate = 44100;
    private const double Seconds = 3.0;

    [Theory]
    [InlineData(AudioFormat.Wav, 16, "pcm_s16le")]
    [InlineData(AudioFormat.Wav, 24, "pcm_s24le")]
    [InlineData(AudioFormat.Flac, 16, "flac")]
    [InlineData(AudioFormat.Flac, 24, "flac")]
    [InlineData(AudioFormat.Mp3, 16, "mp3")]
    [InlineData(AudioFormat.Opus, 16, "opus")]
    public async Task EncodeAsync_EachFormat_DecodesBackToTheSameDuration(AudioFormat format, int bitDepth, string codec)
    {
        var audio = AudioFiles.Sine(SampleRate, Seconds, 440, 0.5);
        using var file = new TempFile(format.FileExtension());

        await AudioFiles.WriteAsync(audio, file.Path, format, bitDepth);
        var probe = await Ffmpeg.ProbeAsync(file.Path);
        var decoded = await Ffmpeg.DecodeStereoFloatAsync(file.Path);

        Assert.Equal(codec, probe.Codec);
        Assert.Equal(AudioEncoder.OutputSampleRate(format, SampleRate), probe.SampleRate);
        Assert.InRange(probe.DurationSeconds, Seconds - 0.05, Seconds + 0.06);
        Assert.InRange(decoded.Length / 2.0 / probe.SampleRate, Seconds - 0.05, Seconds + 0.06);
    }

    [Fact]
    public async Task EncodeAsync_Flac16_IsBitExactWithThe16BitWav()
    {
        var audio = AudioFiles.Sine(SampleRate, 1.0, 1000, 0.7);
        using var wav = new TempFile(".wav");
        using var flac = new TempFile(".flac");

        await AudioFiles.WriteAsync(audio, wav.Path, AudioFormat.Wav, 16);
        await AudioFiles.WriteAsync(audio, flac.Path, AudioFormat.Flac, 16);

        Assert.Equal(await Ffmpeg.DecodeStereoInt16Async(wav.Path), await Ffmpeg.DecodeStereoInt16Async(flac.Path));
    }

    [Theory]
    [InlineData(AudioFormat.Flac)]
    [InlineData(AudioFormat.Mp3)]
    [InlineData(AudioFormat.Opus)]
    public async Task EncodeAsync_SameAudioTwice_ProducesIdenticalBytes(AudioFormat format)
    {
        var audio = AudioFiles.Sine(SampleRate, 1.0, 330, 0.3);

        var first = await EncodeToHashAsync(audio, format);
        var second = await EncodeToHashAsync(audio, format);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task EncodeAsync_Opus_ReportsFortyEightKilohertz()
    {
        Assert.Equal(48000, AudioEncoder.OutputSampleRate(AudioFormat.Opus, 44100));
        Assert.Equal(44100, AudioEncoder.OutputSampleRate(AudioFormat.Mp3, 44100));

        using var stream = new MemoryStream();
        await AudioEncoder.EncodeAsync(AudioFiles.Sine(44100, 0.5, 440, 0.3), AudioFormat.Opus, 16, stream);
        Assert.True(stream.ToArray().AsSpan(0, 4).SequenceEqual("OggS"u8));
    }

    [Fact]
    public async Task EncodeAsync_CancelledBeforeStart_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        using var stream = new MemoryStream();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            AudioEncoder.EncodeAsync(AudioFiles.Sine(44100, 1, 440, 0.3), AudioFormat.Mp3, 16, stream, cancellation.Token));
    }

    private static async Task<string> EncodeToHashAsync(Mureka.Engine.Music.AudioBuffer audio, AudioFormat format)
    {
        using var stream = new MemoryStream();
        await AudioEncoder.EncodeAsync(audio, format, 16, stream);
        return Convert.ToHexString(SHA256.HashData(stream.ToArray()));
    }
}
