using System.Diagnostics;

namespace Mureka.Engine.Tests.TestSupport;

/// <summary>libsndfile's <c>sndfile-info</c>: what it reads from a file's chunks (cue, labl, smpl, acid), as text.</summary>
internal static class SndfileInfo
{
    public static async Task<string> ReadAsync(string path)
    {
        var start = new ProcessStartInfo("sndfile-info") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start sndfile-info");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"sndfile-info could not read {path}: {await stderr}");
        return await stdout;
    }
}
