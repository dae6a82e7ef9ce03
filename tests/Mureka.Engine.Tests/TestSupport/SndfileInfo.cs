using Mureka.Testing;

namespace Mureka.Engine.Tests.TestSupport;

/// <summary>libsndfile's <c>sndfile-info</c>: what it reads from a file's chunks (cue, labl, smpl, acid), as text.</summary>
internal static class SndfileInfo
{
    public static Task<string> ReadAsync(string path) => ToolRun.TextAsync("sndfile-info", [path]);
}
