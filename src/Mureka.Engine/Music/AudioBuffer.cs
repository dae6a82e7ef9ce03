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
}
