namespace Mureka.Engine.Encoding;

/// <summary>ffmpeg is missing or failed; <see cref="StandardError"/> carries what it printed.</summary>
public sealed class FfmpegException : Exception
{
    public FfmpegException()
    {
    }

    public FfmpegException(string message)
        : base(message)
    {
    }

    public FfmpegException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FfmpegException(string message, int exitCode, string standardError)
        : base(message)
    {
        ExitCode = exitCode;
        StandardError = standardError;
    }

    public int? ExitCode { get; }

    public string StandardError { get; } = string.Empty;
}
