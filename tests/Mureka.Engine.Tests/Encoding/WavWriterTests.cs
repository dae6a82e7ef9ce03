using System.Buffers.Binary;
using Mureka.Engine.Encoding;
using Mureka.Engine.Music;

namespace Mureka.Engine.Tests.Encoding;

public sealed class WavWriterTests
{
    [Theory]
    [InlineData(44100, 16)]
    [InlineData(48000, 24)]
    public async Task WriteAsync_Stereo_HeaderFieldsDescribeTheData(int sampleRate, int bitDepth)
    {
        var audio = new AudioBuffer(sampleRate, 1000);
        using var stream = new MemoryStream();

        await WavWriter.WriteAsync(audio, bitDepth, stream);
        var bytes = stream.ToArray().AsSpan();

        var bytesPerSample = bitDepth / 8;
        var dataBytes = 1000 * 2 * bytesPerSample;
        Assert.Equal(44 + dataBytes, bytes.Length);
        Assert.True(bytes[..4].SequenceEqual("RIFF"u8));
        Assert.Equal((uint)(36 + dataBytes), BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]));
        Assert.True(bytes[8..16].SequenceEqual("WAVEfmt "u8));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes[20..]));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(bytes[22..]));
        Assert.Equal((uint)sampleRate, BinaryPrimitives.ReadUInt32LittleEndian(bytes[24..]));
        Assert.Equal((uint)(sampleRate * 2 * bytesPerSample), BinaryPrimitives.ReadUInt32LittleEndian(bytes[28..]));
        Assert.Equal(2 * bytesPerSample, BinaryPrimitives.ReadUInt16LittleEndian(bytes[32..]));
        Assert.Equal(bitDepth, BinaryPrimitives.ReadUInt16LittleEndian(bytes[34..]));
        Assert.True(bytes[36..40].SequenceEqual("data"u8));
        Assert.Equal((uint)dataBytes, BinaryPrimitives.ReadUInt32LittleEndian(bytes[40..]));
    }

    [Fact]
    public async Task WriteAsync_16Bit_RoundsToNearestAndClips()
    {
        float[] left = [0.5f, 2f, -2f, 1.6f / 32768f];
        float[] right = [-0.5f, 1f, -1f, -1.4f / 32768f];
        using var stream = new MemoryStream();

        await WavWriter.WriteAsync(new AudioBuffer(44100, left, right), 16, stream);
        var data = stream.ToArray().AsSpan(44);

        short[] expected = [16384, -16384, 32767, 32767, -32768, -32768, 2, -1];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]));
        }
    }

    [Fact]
    public async Task WriteAsync_24Bit_WritesThreeByteLittleEndianSamples()
    {
        using var stream = new MemoryStream();

        await WavWriter.WriteAsync(new AudioBuffer(48000, [0.25f], [-1f / 8388608f]), 24, stream);
        var data = stream.ToArray()[44..];

        Assert.Equal(new byte[] { 0x00, 0x00, 0x20, 0xFF, 0xFF, 0xFF }, data);
    }

    [Fact]
    public async Task WriteAsync_UnsupportedBitDepth_Throws()
    {
        using var stream = new MemoryStream();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => WavWriter.WriteAsync(new AudioBuffer(44100, 10), 8, stream));
    }
}
