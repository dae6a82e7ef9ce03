namespace Mureka.Engine.Requests;

/// <summary>
/// What a caller asks for. Every field is optional: typed fields win over words in the prompt,
/// and anything still open gets a genre-appropriate default (see <see cref="RequestResolver"/>).
/// </summary>
public sealed record MusicRequest
{
    public string? Prompt { get; init; }

    public string? Genre { get; init; }

    public string? Mood { get; init; }

    public double? Bpm { get; init; }

    /// <summary>"C major", "A minor", "F#m", "Bb".</summary>
    public string? Key { get; init; }

    /// <summary>"4/4", "3/4" or "6/8".</summary>
    public string? TimeSignature { get; init; }

    public long? DurationMs { get; init; }

    public IReadOnlyList<string>? Instruments { get; init; }

    public int? Intensity { get; init; }

    public long? Seed { get; init; }

    /// <summary>"wav", "flac", "mp3" or "opus".</summary>
    public string? Format { get; init; }

    public int? SampleRate { get; init; }

    public int? BitDepth { get; init; }

    public bool? Stems { get; init; }

    public bool? Loop { get; init; }
}
