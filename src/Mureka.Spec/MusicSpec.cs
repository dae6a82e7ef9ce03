using Mureka.Spec.Themes;

namespace Mureka.Spec;

/// <summary>
/// A musical request as the caller gives it: the REST body of <c>POST /v1/generations</c>, <c>mureka.api.v1.GenerationSpec</c>
/// and the CLI's options all mean this. Every field is optional: typed fields win over words in the prompt, and anything
/// still open gets a genre-appropriate default when <see cref="SpecResolver"/> turns it into a <see cref="ResolvedMusicSpec"/>.
/// </summary>
/// <remarks>
/// The request and its resolved form are two types rather than one with a "resolved" flag: a resolved spec has no
/// open fields and its key, metre and format are parsed, so code that renders can never see an undecided value.
/// Serialised with a snake_case naming policy this type is the REST body itself (no mirror DTO).
/// </remarks>
public sealed record MusicSpec
{
    public string? Prompt { get; init; }

    /// <summary>One of <see cref="Catalog.MusicModels.All"/>; the default model when omitted.</summary>
    public string? Model { get; init; }

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

    /// <summary>"full", "underscore" or "drums_and_bass" (<see cref="MixVersion"/>); the full mix when omitted.</summary>
    public string? Mix { get; init; }

    /// <summary>Also deliver the score the render played as a Standard MIDI File (<c>score.mid</c>).</summary>
    public bool? Score { get; init; }

    /// <summary>
    /// A melody to build the piece on (MIDI or ABC): stated in the A sections, developed in B. Its key, metre and tempo
    /// are used unless <see cref="Key"/>, <see cref="TimeSignature"/> or <see cref="Bpm"/> are given.
    /// </summary>
    public MusicTheme? Theme { get; init; }

    /// <summary>The track's name in the customer's catalogue; never changes the music (<see cref="CatalogueFields"/>).</summary>
    public string? Title { get; init; }

    /// <summary>The customer's own key–value pairs, searchable in the list; never change the music.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
