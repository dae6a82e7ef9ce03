using Mureka.Engine.Encoding.Internal;
using Mureka.Engine.Music;
using Mureka.Spec;

namespace Mureka.Engine.Encoding;

/// <summary>Writes audio in any <see cref="AudioFormat"/>: WAV in-process, the others through ffmpeg.</summary>
public static class AudioEncoder
{
    public static Task EncodeAsync(
        AudioBuffer audio, AudioFormat format, int bitDepth, Stream destination, CancellationToken cancellationToken = default) =>
        EncodeAsync(audio, format, bitDepth, null, destination, cancellationToken);

    /// <param name="tags">Provenance to write into the file's own tags; null writes none.</param>
    public static Task EncodeAsync(
        AudioBuffer audio, AudioFormat format, int bitDepth, FileTags? tags, Stream destination, CancellationToken cancellationToken = default) =>
        EncodeAsync(audio, format, bitDepth, tags, null, destination, cancellationToken);

    /// <param name="tags">Provenance to write into the file's own tags; null writes none.</param>
    /// <param name="markers">Cue points, loop and tempo, written into WAV files (the other formats have no place engines read them from).</param>
    public static Task EncodeAsync(
        AudioBuffer audio, AudioFormat format, int bitDepth, FileTags? tags, WavMarkers? markers, Stream destination, CancellationToken cancellationToken = default) =>
        format switch
        {
            AudioFormat.Wav => WavWriter.WriteAsync(audio, bitDepth, tags, markers, destination, cancellationToken),
            AudioFormat.Flac or AudioFormat.Mp3 or AudioFormat.Opus =>
                FfmpegEncoder.EncodeAsync(audio, format, bitDepth, tags, destination, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown audio format."),
        };

    /// <summary>The sample rate the encoded file will have: Opus is always 48 kHz, everything else keeps the input rate.</summary>
    public static int OutputSampleRate(AudioFormat format, int inputSampleRate) =>
        format == AudioFormat.Opus ? FfmpegArguments.OpusSampleRate : inputSampleRate;

    /// <summary>Whether <paramref name="bitDepth"/> means anything for the format (lossy codecs ignore it).</summary>
    public static bool UsesBitDepth(AudioFormat format) => format.IsLossless();
}
