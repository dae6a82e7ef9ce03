using System.Text.Json.Serialization;

namespace Mureka.Spec;

/// <summary>The encodings a track can be delivered in. On the wire it is the lower-case name, e.g. "flac".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AudioFormat>))]
public enum AudioFormat
{
    [JsonStringEnumMemberName("wav")]
    Wav,

    [JsonStringEnumMemberName("flac")]
    Flac,

    [JsonStringEnumMemberName("mp3")]
    Mp3,

    [JsonStringEnumMemberName("opus")]
    Opus,
}
