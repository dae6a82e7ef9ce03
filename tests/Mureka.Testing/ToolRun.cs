using System.Diagnostics;

namespace Mureka.Testing;

/// <summary>Runs a command-line tool to completion (an independent reader such as ffmpeg, ffprobe, mido or sndfile-info) and hands back what it printed.</summary>
public static class ToolRun
{
    /// <exception cref="InvalidDataException">The tool exited with an error; its own message is included.</exception>
    public static async Task<byte[]> OutputAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await copy;
        // Some tools (dotnet build) explain a failure on stdout, not stderr: the message carries the end of both.
        return process.ExitCode == 0
            ? output.ToArray()
            : throw new InvalidDataException($"{program} failed ({process.ExitCode}): {await errors}{Tail(System.Text.Encoding.UTF8.GetString(output.ToArray()))}");
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    /// <exception cref="InvalidDataException">The tool exited with an error; its own message is included.</exception>
    public static async Task<string> TextAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        System.Text.Encoding.UTF8.GetString(await OutputAsync(program, arguments, cancellationToken));
}
