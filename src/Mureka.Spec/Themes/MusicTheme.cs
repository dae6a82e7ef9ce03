namespace Mureka.Spec.Themes;

/// <summary>
/// A customer's theme as given: a Standard MIDI File or ABC notation (exactly one), and for MIDI optionally the track
/// that holds the melody. Over REST JSON the MIDI file is base64 (or a <c>multipart/form-data</c> file part); over gRPC
/// it is bytes. <see cref="ThemeReader"/> reads it into a <see cref="ResolvedTheme"/>.
/// </summary>
public sealed record MusicTheme
{
    public byte[]? Midi { get; init; }

    public string? Abc { get; init; }

    /// <summary>The MIDI track to take the melody from, by its name; the busiest melodic track when omitted.</summary>
    public string? Track { get; init; }
}
