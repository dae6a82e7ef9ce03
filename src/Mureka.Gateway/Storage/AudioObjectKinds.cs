namespace Mureka.Gateway.Storage;

/// <summary>
/// The audio objects a generation may have and the encodings they may come in: the only names and types
/// the gateway accepts from an inference host, and the file extension each type is stored with.
/// </summary>
public static class AudioObjectKinds
{
    public const string Mix = "mix";

    /// <summary>The score the render played, as a Standard MIDI File (<c>/v1/generations/{id}/score</c>).</summary>
    public const string Score = "score";

    /// <summary>An extension's new part, from where it joins the piece it continues (<c>/v1/generations/{id}/continuation</c>).</summary>
    public const string Continuation = "continuation";

    public const string MidiContentType = "audio/midi";

    /// <summary>An adaptive set's one object: the zip an audio team receives (<c>/v1/adaptive-sets/{id}/archive</c>).</summary>
    public const string Archive = "archive";

    public const string ZipContentType = "application/zip";

    /// <summary>The mix, the stems of <c>/v1/generations/{id}/stems/{name}</c>, the score and an extension's continuation.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal) { Mix, "drums", "bass", "harmony", "melody", Score, Continuation, Archive };

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.Ordinal)
    {
        ["audio/wav"] = ".wav",
        ["audio/flac"] = ".flac",
        ["audio/mpeg"] = ".mp3",
        ["audio/ogg"] = ".opus",
        [MidiContentType] = ".mid",
        [ZipContentType] = ".zip",
    };

    public static bool TryGetExtension(string contentType, out string extension) => Extensions.TryGetValue(contentType, out extension!);

    /// <summary>Whether an object of this name may come in this type: the score is MIDI, an archive a zip, everything else audio.</summary>
    public static bool Fits(string name, string contentType) =>
        (name == Score) == (contentType == MidiContentType) && (name == Archive) == (contentType == ZipContentType);

    /// <summary>The content type an object stored under <paramref name="key"/> was written with (by its extension).</summary>
    public static string ContentTypeOf(string key)
    {
        var extension = Path.GetExtension(key);
        return Extensions.FirstOrDefault(e => e.Value == extension).Key ?? "application/octet-stream";
    }
}
