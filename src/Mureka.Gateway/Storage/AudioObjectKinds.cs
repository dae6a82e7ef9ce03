namespace Mureka.Gateway.Storage;

/// <summary>
/// The audio objects a generation may have and the encodings they may come in: the only names and types
/// the gateway accepts from an inference host, and the file extension each type is stored with.
/// </summary>
public static class AudioObjectKinds
{
    public const string Mix = "mix";

    /// <summary>The mix and the stems of <c>/v1/generations/{id}/stems/{name}</c>.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal) { Mix, "drums", "bass", "harmony", "melody" };

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.Ordinal)
    {
        ["audio/wav"] = ".wav",
        ["audio/flac"] = ".flac",
        ["audio/mpeg"] = ".mp3",
        ["audio/ogg"] = ".opus",
    };

    public static bool TryGetExtension(string contentType, out string extension) => Extensions.TryGetValue(contentType, out extension!);

    /// <summary>The content type an object stored under <paramref name="key"/> was written with (by its extension).</summary>
    public static string ContentTypeOf(string key)
    {
        var extension = Path.GetExtension(key);
        return Extensions.FirstOrDefault(e => e.Value == extension).Key ?? "application/octet-stream";
    }
}
