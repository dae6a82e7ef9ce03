namespace Mureka.Engine.Music;

/// <summary>Planar stereo float audio, nominally in [-1, 1].</summary>
public sealed class AudioBuffer
{
    public AudioBuffer(int sampleRate, int frames)
        : this(sampleRate, new float[frames], new float[frames])
    {
    }

    public AudioBuffer(int sampleRate, float[] left, float[] right)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        if (left.Length != right.Length)
        {
            throw new ArgumentException("Channels must have the same length.", nameof(right));
        }

        SampleRate = sampleRate;
        Left = left;
        Right = right;
    }

    public int SampleRate { get; }

    public float[] Left { get; }

    public float[] Right { get; }

    public int Frames => Left.Length;

    public double DurationSeconds => (double)Frames / SampleRate;

    public AudioBuffer Clone() => new(SampleRate, (float[])Left.Clone(), (float[])Right.Clone());

    /// <summary>A copy of the first <paramref name="frames"/> frames (all of them when there are fewer).</summary>
    public AudioBuffer Head(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        return frames >= Frames ? this : new AudioBuffer(SampleRate, Left[..frames], Right[..frames]);
    }

    /// <summary>A copy of the frames from <paramref name="startFrame"/> to the end.</summary>
    public AudioBuffer Slice(long startFrame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startFrame);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startFrame, Frames);
        var start = (int)startFrame;
        return new AudioBuffer(SampleRate, Left[start..], Right[start..]);
    }
}
