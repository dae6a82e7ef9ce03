using System.Text.Json.Serialization;

namespace Mureka.Spec;

/// <summary>
/// Which version of a track is delivered. Production-music libraries ship each cue as the full mix plus alternative
/// mixes an editor cuts between; an alt mix is the full arrangement with some parts left out, every remaining part at
/// exactly its full-mix level. On the wire it is the snake_case name, e.g. "drums_and_bass".
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<MixVersion>))]
public enum MixVersion
{
    /// <summary>Every part.</summary>
    [JsonStringEnumMemberName("full")]
    Full,

    /// <summary>Everything but the melody: drums, bass and harmony.</summary>
    [JsonStringEnumMemberName("underscore")]
    Underscore,

    /// <summary>The rhythm section only: drums and bass.</summary>
    [JsonStringEnumMemberName("drums_and_bass")]
    DrumsAndBass,
}
