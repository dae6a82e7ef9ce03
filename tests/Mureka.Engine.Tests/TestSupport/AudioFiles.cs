using Mureka.Engine.Encoding;
using Mureka.Engine.Music;
using Mureka.Spec;

namespace Mureka.Engine.Tests.TestSupport;

/// <summary>Writes buffers to disk for the ffmpeg reference tools, and builds simple test signals.</summary>
internal static class AudioFiles
{
    public static async Task WriteAsync(AudioBuffer audio, string path, AudioFormat format = AudioFormat.Wav, int bitDepth = 16)
    {
        await using var file = File.Create(path);
        await AudioEncoder.EncodeAsync(audio, format, bitDepth, file);
    }

    public static AudioBuffer Sine(int sampleRate, double seconds, double frequency, double amplitude, bool left = true, bool right = true, double phase = 0)
    {
        var frames = (int)Math.Round(seconds * sampleRate);
        var buffer = new AudioBuffer(sampleRate, frames);
        for (var n = 0; n < frames; n++)
        {
            var value = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * n / sampleRate + phase));
            buffer.Left[n] = left ? value : 0f;
            buffer.Right[n] = right ? value : 0f;
        }

        return buffer;
    }

    public static AudioBuffer Mix(IReadOnlyDictionary<StemKind, AudioBuffer> stems)
    {
        var first = stems.Values.First();
        var mix = new AudioBuffer(first.SampleRate, first.Frames);
        foreach (var stem in stems.Values)
        {
            for (var i = 0; i < mix.Frames; i++)
            {
                mix.Left[i] += stem.Left[i];
                mix.Right[i] += stem.Right[i];
            }
        }

        return mix;
    }

    public static double Rms(ReadOnlySpan<float> samples)
    {
        var sum = 0.0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / Math.Max(1, samples.Length));
    }
}
