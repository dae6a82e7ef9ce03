using System.Buffers.Binary;
using System.Text;

namespace Mureka.Gateway.Tests.Support;

/// <summary>Checks a RIFF/WAVE file's structure and reports its duration.</summary>
public static class Wav
{
    public static (int SampleRate, int Channels, int BitsPerSample, TimeSpan Duration) Parse(byte[] bytes)
    {
        Assert.True(bytes.Length > 44, "too short for a WAV file");
        Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(bytes.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(bytes, 8, 4));
        int sampleRate = 0, channels = 0, bits = 0;
        var position = 12;
        while (position + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, position, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 4));
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(position + 10));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 12));
                bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(position + 22));
            }
            else if (id == "data")
            {
                Assert.True(sampleRate > 0, "fmt chunk must come before data");
                Assert.Equal(bytes.Length, position + 8 + size + (size % 2));
                var frames = size / (channels * bits / 8);
                return (sampleRate, channels, bits, TimeSpan.FromSeconds((double)frames / sampleRate));
            }

            position += 8 + size + (size % 2);
        }

        throw new Xunit.Sdk.XunitException("no data chunk");
    }
}
