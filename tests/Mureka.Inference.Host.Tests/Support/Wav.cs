using System.Buffers.Binary;
using System.Text;

namespace Mureka.Inference.Host.Tests.Support;

/// <summary>Just enough RIFF/WAVE parsing to check a streamed file is whole.</summary>
public static class Wav
{
    public sealed record Header(int Channels, int SampleRate, int BitsPerSample, long DataBytes);

    public static Header Parse(byte[] bytes)
    {
        Assert.True(bytes.Length >= 44, "too short for a WAV header");
        Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(bytes.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(bytes, 8, 4));
        int channels = 0, rate = 0, bits = 0;
        var position = 12;
        while (position + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, position, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 4));
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(position + 10));
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 12));
                bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(position + 22));
            }
            else if (id == "data")
            {
                Assert.Equal(bytes.Length - position - 8, size);
                return new Header(channels, rate, bits, size);
            }

            position += 8 + size + (size & 1);
        }

        throw new Xunit.Sdk.XunitException("no data chunk");
    }
}
