using System.Buffers.Binary;
using System.Text;

namespace Mureka.Testing;

/// <summary>
/// Just enough RIFF/WAVE parsing for tests to check that a downloaded or streamed file is whole:
/// the RIFF size matches, fmt precedes data, and the data chunk runs exactly to the end.
/// </summary>
public static class Wav
{
    public sealed record Header(int Channels, int SampleRate, int BitsPerSample, long DataBytes)
    {
        public TimeSpan Duration => TimeSpan.FromSeconds((double)DataBytes / (Channels * BitsPerSample / 8) / SampleRate);
    }

    /// <exception cref="InvalidDataException">The bytes are not one complete PCM WAV file.</exception>
    public static Header Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Require(bytes.Length >= 44, "too short for a WAV header");
        Require(Encoding.ASCII.GetString(bytes, 0, 4) == "RIFF", "no RIFF tag");
        Require(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) == bytes.Length - 8, "RIFF size does not match the file length");
        Require(Encoding.ASCII.GetString(bytes, 8, 4) == "WAVE", "no WAVE tag");
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
                Require(rate > 0, "fmt chunk must come before data");
                Require(bytes.Length - position - 8 == size, "data chunk does not run to the end of the file");
                return new Header(channels, rate, bits, size);
            }

            position += 8 + size + (size & 1);
        }

        throw new InvalidDataException("no data chunk");
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidDataException(problem);
        }
    }
}
