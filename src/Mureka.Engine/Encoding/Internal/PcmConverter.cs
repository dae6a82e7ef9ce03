namespace Mureka.Engine.Encoding.Internal;

/// <summary>Float to little-endian integer PCM: scale by 2^(bits-1), round half to even, clip.</summary>
internal static class PcmConverter
{
    public static void Interleave(ReadOnlySpan<float> left, ReadOnlySpan<float> right, int bitDepth, Span<byte> destination)
    {
        if (bitDepth == 16)
        {
            for (int i = 0, o = 0; i < left.Length; i++, o += 4)
            {
                Write16(left[i], destination[o..]);
                Write16(right[i], destination[(o + 2)..]);
            }
        }
        else
        {
            for (int i = 0, o = 0; i < left.Length; i++, o += 6)
            {
                Write24(left[i], destination[o..]);
                Write24(right[i], destination[(o + 3)..]);
            }
        }
    }

    public static short ToInt16(float sample) => (short)Math.Clamp(MathF.Round(sample * 32768f), -32768f, 32767f);

    public static int ToInt24(float sample) => (int)Math.Clamp(MathF.Round(sample * 8388608f), -8388608f, 8388607f);

    private static void Write16(float sample, Span<byte> destination)
    {
        var value = ToInt16(sample);
        destination[0] = (byte)value;
        destination[1] = (byte)(value >> 8);
    }

    private static void Write24(float sample, Span<byte> destination)
    {
        var value = ToInt24(sample);
        destination[0] = (byte)value;
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)(value >> 16);
    }
}
