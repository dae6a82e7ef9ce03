using System.Diagnostics;
using Mureka.Spec;

namespace Mureka.Engine.Encoding.Internal;

/// <summary>
/// ffmpeg fed stretch by stretch: a WAV header with the final sizes, then the samples as they come; whatever ffmpeg
/// writes goes on to the sink as it arrives (the FLAC header patched on the way, as <see cref="FfmpegEncoder"/> does).
/// </summary>
internal sealed class FfmpegStream : StreamingEncoder
{
    private const int ReadBytes = 64 * 1024;

    private readonly Process process;
    private readonly AudioFormat format;
    private readonly int inputBitDepth;
    private readonly Stream stdin;
    private readonly Task<string> standardError;
    private readonly Task output;
    private Exception? pipeFailure;
    private bool completed;

    private FfmpegStream(Process process, AudioFormat format, int inputBitDepth, long frames, IEncodedSink sink)
    {
        this.process = process;
        this.format = format;
        this.inputBitDepth = inputBitDepth;
        stdin = process.StandardInput.BaseStream;
        standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);
        output = Task.Run(() => ForwardAsync(process.StandardOutput.BaseStream, format == AudioFormat.Flac ? frames : null, sink));
    }

    public static FfmpegStream Start(AudioFormat format, int bitDepth, int sampleRate, long frames, FileTags? tags, IEncodedSink sink)
    {
        var process = FfmpegEncoder.Start(format, bitDepth, tags);
        var inputBitDepth = FfmpegArguments.InputBitDepth(format, bitDepth);
        var stream = new FfmpegStream(process, format, inputBitDepth, frames, sink);
        stream.Send(WavWriter.HeaderFor(sampleRate, frames, inputBitDepth, null, null));
        return stream;
    }

    public override void Write(ReadOnlySpan<float> left, ReadOnlySpan<float> right) => Send(WavWriter.Samples(left, right, inputBitDepth));

    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        using var killOnCancel = cancellationToken.Register(() => FfmpegEncoder.Kill(process));
        try
        {
            await stdin.DisposeAsync().ConfigureAwait(false);
            await output.ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // A broken pipe means ffmpeg quit early; its exit code and stderr say why.
            pipeFailure ??= ex;
        }

        await FfmpegEncoder.FinishAsync(process, format, standardError, pipeFailure, cancellationToken).ConfigureAwait(false);
        completed = true;
    }

    public override async ValueTask DisposeAsync()
    {
        if (!completed)
        {
            FfmpegEncoder.Kill(process);
            try
            {
                await output.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // Abandoned: nobody wants the rest of this file.
            }
        }

        process.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task ForwardAsync(Stream stdout, long? flacSamples, IEncodedSink sink)
    {
        if (flacSamples is { } samples)
        {
            sink.Write(await FlacStreamInfoPatcher.ReadPatchedHeaderAsync(stdout, samples, CancellationToken.None).ConfigureAwait(false));
        }

        var buffer = new byte[ReadBytes];
        int read;
        while ((read = await stdout.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            sink.Write(buffer.AsSpan(0, read));
        }
    }

    private void Send(byte[] bytes)
    {
        if (pipeFailure is not null)
        {
            return;
        }

        try
        {
            stdin.Write(bytes);
        }
        catch (IOException ex)
        {
            // Reported by CompleteAsync, with ffmpeg's own words for it.
            pipeFailure = ex;
        }
    }
}
