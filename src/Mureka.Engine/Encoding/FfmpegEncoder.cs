using System.ComponentModel;
using System.Diagnostics;
using Mureka.Engine.Encoding.Internal;
using Mureka.Engine.Music;
using Mureka.Spec;

namespace Mureka.Engine.Encoding;

/// <summary>Encodes FLAC, MP3 and Opus by piping a WAV through the <c>ffmpeg</c> command (stdin → stdout).</summary>
public static class FfmpegEncoder
{
    public const string ExecutableName = "ffmpeg";

    public static Task EncodeAsync(
        AudioBuffer audio, AudioFormat format, int bitDepth, Stream destination, CancellationToken cancellationToken = default) =>
        EncodeAsync(audio, format, bitDepth, null, destination, cancellationToken);

    public static async Task EncodeAsync(
        AudioBuffer audio, AudioFormat format, int bitDepth, FileTags? tags, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(destination);
        using var process = Start(format, bitDepth, tags);
        using var killOnCancel = cancellationToken.Register(() => Kill(process));
        var standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var output = format == AudioFormat.Flac
            ? FlacStreamInfoPatcher.CopyAsync(process.StandardOutput.BaseStream, destination, audio.Frames, cancellationToken)
            : process.StandardOutput.BaseStream.CopyToAsync(destination, cancellationToken);
        var input = WriteInputAsync(audio, FfmpegArguments.InputBitDepth(format, bitDepth), process.StandardInput.BaseStream, cancellationToken);

        Exception? pipeFailure = null;
        try
        {
            await Task.WhenAll(input, output).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // A broken pipe means ffmpeg quit early; its exit code and stderr below say why.
            pipeFailure = ex;
        }

        await FinishAsync(process, format, standardError, pipeFailure, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for ffmpeg to exit and throws what went wrong: its own error first, else a broken pipe.</summary>
    internal static async Task FinishAsync(Process process, AudioFormat format, Task<string> standardError, Exception? pipeFailure, CancellationToken cancellationToken)
    {
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var errors = await standardError.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            throw new FfmpegException(
                $"ffmpeg failed to encode {format} (exit code {process.ExitCode}): {errors.Trim()}", process.ExitCode, errors);
        }

        if (pipeFailure is not null)
        {
            throw new FfmpegException($"Piping audio through ffmpeg failed: {pipeFailure.Message}", pipeFailure);
        }
    }

    /// <summary>Starts ffmpeg reading a WAV on stdin and writing <paramref name="format"/> to stdout.</summary>
    internal static Process Start(AudioFormat format, int bitDepth, FileTags? tags)
    {
        var startInfo = new ProcessStartInfo(ExecutableName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in FfmpegArguments.For(format, bitDepth, tags))
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(startInfo) ?? throw new FfmpegException("ffmpeg could not be started.");
        }
        catch (Win32Exception ex)
        {
            throw new FfmpegException(
                "The ffmpeg command was not found on PATH; install it with 'apt-get install ffmpeg' to write FLAC, MP3 or Opus.", ex);
        }
    }

    private static async Task WriteInputAsync(AudioBuffer audio, int bitDepth, Stream stdin, CancellationToken cancellationToken)
    {
        await using (stdin.ConfigureAwait(false))
        {
            await WavWriter.WriteAsync(audio, bitDepth, stdin, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
