using System.Diagnostics;
using System.Text.Json;

namespace Mureka.Testing;

/// <summary>
/// The tags ffprobe reads from an audio file: an independent reader of what our encoders wrote. Container tags
/// (<c>-show_format</c>: WAV, FLAC, MP3) and the first audio stream's (<c>-show_streams</c>: Ogg keeps Opus
/// comments per logical stream), each with case-insensitive keys as Vorbis comments are.
/// </summary>
public sealed record FfprobeTags(IReadOnlyDictionary<string, string> Format, IReadOnlyDictionary<string, string> Stream)
{
    public static async Task<FfprobeTags> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo("ffprobe")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-v", "error", "-select_streams", "a:0", "-show_entries", "format_tags:stream_tags", "-of", "json", path })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start ffprobe");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidDataException($"ffprobe could not read {path}: {await stderr}");
        }

        using var json = JsonDocument.Parse(await stdout);
        var root = json.RootElement;
        var format = root.TryGetProperty("format", out var f) ? Tags(f) : Empty();
        var stream = root.TryGetProperty("streams", out var s) && s.GetArrayLength() > 0 ? Tags(s[0]) : Empty();
        return new FfprobeTags(format, stream);
    }

    private static Dictionary<string, string> Empty() => new(StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, string> Tags(JsonElement element)
    {
        var tags = Empty();
        if (element.TryGetProperty("tags", out var values))
        {
            foreach (var tag in values.EnumerateObject())
            {
                tags[tag.Name] = tag.Value.GetString() ?? "";
            }
        }

        return tags;
    }
}
