using System.Text.Json;

namespace Mureka.Testing;

/// <summary>The tempo and key the independent meter <c>ops/qc/qc.py</c> (aubio beats, numpy chroma) hears in an audio file.</summary>
public static class QcMeter
{
    /// <summary>Tempo ratios a beat tracker may report for the same pulse (half or double time).</summary>
    public static IReadOnlyList<double> TempoOctaves { get; } = [0.5, 1.0, 2.0];

    public static async Task<(double Bpm, string Key)> MeasureAsync(string path, CancellationToken cancellationToken = default)
    {
        var output = await ToolRun.TextAsync("/usr/bin/python3", [Path.Combine(RepositoryLayout.Root, "ops", "qc", "qc.py"), path, "--json", "-", "--report-only"], cancellationToken);
        using var record = JsonDocument.Parse(output);
        var measured = record.RootElement.GetProperty("measurements");
        return (measured.GetProperty("bpm_audio").GetDouble(), measured.GetProperty("key_audio").GetString()!);
    }

    /// <summary>Whether <paramref name="heard"/> is <paramref name="expected"/> within <paramref name="tolerance"/>, at the same tempo or half or double.</summary>
    public static bool SameTempo(double heard, double expected, double tolerance = 0.02) =>
        TempoOctaves.Any(r => Math.Abs((heard / expected) - r) <= tolerance * r);
}
