using Mureka.Engine.Encoding.Internal;
using Mureka.Engine.Music;
using Mureka.Spec;

namespace Mureka.Engine.Encoding;

/// <summary>
/// Encodes audio whose length is known before its first sample, stretch by stretch, handing each byte to an
/// <see cref="IEncodedSink"/> as soon as it is encoded. The bytes are exactly those <see cref="AudioEncoder"/> writes
/// for the whole audio: a WAV's header carries the sizes from the start, and FLAC's STREAMINFO the total sample count
/// (patched as the header passes; its MD5 and frame sizes stay unset, as in a piped file); MP3 and Opus need nothing
/// patched afterwards.
/// </summary>
public abstract class StreamingEncoder : IAsyncDisposable
{
    /// <summary>Starts a file of <paramref name="frames"/> frames; a WAV's header reaches <paramref name="sink"/> at once.</summary>
    /// <param name="markers">Cue points, loop and tempo, written into WAV files only (as <see cref="AudioEncoder"/> does).</param>
    public static StreamingEncoder Start(AudioFormat format, int bitDepth, int sampleRate, long frames, FileTags? tags, WavMarkers? markers, IEncodedSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return format switch
        {
            AudioFormat.Wav => new WavStream(bitDepth, WavWriter.HeaderFor(sampleRate, frames, bitDepth, tags, markers), sink),
            AudioFormat.Flac or AudioFormat.Mp3 or AudioFormat.Opus => FfmpegStream.Start(format, bitDepth, sampleRate, frames, tags, sink),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown audio format."),
        };
    }

    /// <summary>Encodes the next stretch of the audio (both channels, equally long).</summary>
    public abstract void Write(ReadOnlySpan<float> left, ReadOnlySpan<float> right);

    /// <summary>Ends the file: every remaining byte has reached the sink when this completes.</summary>
    public abstract Task CompleteAsync(CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private sealed class WavStream : StreamingEncoder
    {
        private readonly int bitDepth;
        private readonly IEncodedSink sink;

        public WavStream(int bitDepth, byte[] header, IEncodedSink sink)
        {
            this.bitDepth = bitDepth;
            this.sink = sink;
            sink.Write(header);
        }

        public override void Write(ReadOnlySpan<float> left, ReadOnlySpan<float> right) => sink.Write(WavWriter.Samples(left, right, bitDepth));

        public override Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
