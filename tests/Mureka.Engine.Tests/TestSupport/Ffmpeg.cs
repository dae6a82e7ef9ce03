using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Mureka.Engine.Tests.TestSupport;

/// <summary>Runs ffmpeg/ffprobe as an independent reference: EBU R128 meter, decoder and prober.</summary>
internal static partial class Ffmpeg
{
    /// <summary>Integrated loudness (LUFS) and true peak (dBFS, 4× oversampled) from ffmpeg's ebur128 summary.</summary>
    public static async Task<(double IntegratedLufs, double TruePeakDbfs)> MeasureLoudnessAsync(string path)
    {
        var (_, stderr) = await RunAsync("ffmpeg", ["-nostats", "-hide_banner", "-i", path, "-filter_complex", "ebur128=peak=true", "-f", "null", "-"]);
        var integrated = IntegratedLine().Matches(stderr);
        var peak = PeakLine().Matches(stderr);
        Assert.NotEmpty(integrated);
        Assert.NotEmpty(peak);
        return (ParseDouble(integrated[^1].Groups[1].Value), ParseDouble(peak[^1].Groups[1].Value));
    }

    /// <summary>ffmpeg's EBU R128 momentary loudness (400 ms windows) every 100 ms: (end of the window in seconds, LUFS).</summary>
    public static async Task<IReadOnlyList<(double Seconds, double Lufs)>> MomentaryLoudnessAsync(string path)
    {
        var (_, stderr) = await RunAsync("ffmpeg", ["-nostats", "-hide_banner", "-i", path, "-filter_complex", "ebur128", "-f", "null", "-"]);
        return [.. MomentaryLine().Matches(stderr).Select(m => (ParseDouble(m.Groups[1].Value), ParseDouble(m.Groups[2].Value)))];
    }

    /// <summary>Decodes any file to interleaved stereo float samples at its own rate.</summary>
    public static async Task<float[]> DecodeStereoFloatAsync(string path)
    {
        var bytes = await RunForBytesAsync("ffmpeg", ["-v", "error", "-i", path, "-f", "f32le", "-ac", "2", "-"]);
        var samples = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * sizeof(float));
        return samples;
    }

    /// <summary>Decodes to interleaved 16-bit integers (exact for 16-bit lossless sources).</summary>
    public static async Task<short[]> DecodeStereoInt16Async(string path)
    {
        var bytes = await RunForBytesAsync("ffmpeg", ["-v", "error", "-i", path, "-f", "s16le", "-ac", "2", "-"]);
        var samples = new short[bytes.Length / sizeof(short)];
        Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * sizeof(short));
        return samples;
    }

    /// <summary>ffprobe's view of the first audio stream: codec, sample rate and container duration (NaN when unknown).</summary>
    public static async Task<(string Codec, int SampleRate, double DurationSeconds)> ProbeAsync(string path)
    {
        var (stdout, _) = await RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "a:0", "-show_entries", "stream=codec_name,sample_rate:format=duration", "-of", "default=noprint_wrappers=1", path]);
        var fields = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
        var duration = double.TryParse(fields.GetValueOrDefault("duration"), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
        return (fields["codec_name"], int.Parse(fields["sample_rate"], CultureInfo.InvariantCulture), duration);
    }

    private static double ParseDouble(string text) =>
        text.Trim() == "-inf" ? double.NegativeInfinity : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static async Task<(string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> arguments)
    {
        using var process = Start(program, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await stderr}");
        return (await stdout, await stderr);
    }

    private static async Task<byte[]> RunForBytesAsync(string program, IEnumerable<string> arguments)
    {
        using var process = Start(program, arguments);
        using var buffer = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(buffer);
        var stderr = process.StandardError.ReadToEndAsync();
        await copy;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await stderr}");
        return buffer.ToArray();
    }

    private static Process Start(string program, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Process.Start(startInfo)!;
    }

    [GeneratedRegex(@"^\s*I:\s+(-?[\d.]+|-inf)\s+LUFS", RegexOptions.Multiline)]
    private static partial Regex IntegratedLine();

    [GeneratedRegex(@"^\s*Peak:\s+(-?[\d.]+|-inf)\s+dBFS", RegexOptions.Multiline)]
    private static partial Regex PeakLine();

    [GeneratedRegex(@"t:\s*([\d.]+)\s+TARGET:\S+ LUFS\s+M:\s*(-?[\d.]+)")]
    private static partial Regex MomentaryLine();
}
