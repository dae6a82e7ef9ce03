using Mureka.Spec;
using Mureka.Spec.Music;
using SpecFormat = Mureka.Spec.AudioFormat;
using SpecMix = Mureka.Spec.MixVersion;

namespace Mureka.Contracts.Inference.V1;

/// <summary>
/// <see cref="ResolvedMusicSpec"/> ↔ <c>mureka.inference.v1.TrackSpec</c>: the gateway sends the spec it resolved, a
/// host reads it back. Both ways go through the spec's JSON; only the fields whose proto type differs (the format and
/// mix enums, and the key and time signature the spec holds parsed) are handled by name. Reading names any field that
/// cannot be read; the rest is checked by <see cref="ResolvedSpecValidator"/>.
/// </summary>
public static class TrackSpecMapping
{
    public static TrackSpec ToTrackSpec(this ResolvedMusicSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);

        // Only the format and the mix differ in type: enums here, their names in the spec.
        return SpecProtoJson.ToProto<TrackSpec>(spec, json =>
        {
            json["format"] = (int)ToWire(spec.Format);
            json["mix"] = (int)ToWire(spec.Mix);
        });
    }

    /// <summary>The spec as sent; when a field cannot be read it is named in <paramref name="errors"/> and a placeholder stands in.</summary>
    public static ResolvedMusicSpec ToResolvedSpec(this TrackSpec spec, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(errors);
        var format = FromWire(spec.Format);
        if (format is null)
        {
            errors.Add(new FieldError("format", "is required: wav, flac, mp3 or opus"));
        }

        var mix = FromWire(spec.Mix);
        if (mix is null)
        {
            errors.Add(new FieldError("mix", $"unknown mix {(int)spec.Mix}; expected full, underscore or drums_and_bass"));
        }

        // The fields the spec holds parsed are read here, so a bad one is named instead of failing the whole read.
        var key = SpecFields.Key(spec.Key, errors) ?? default;
        var meter = SpecFields.TimeSignature(spec.TimeSignature, errors) ?? TimeSignature.FourFour;
        var resolved = SpecProtoJson.ToSpec<ResolvedMusicSpec>(spec, allFields: true, adjust: json =>
        {
            json["key"] = key.Name;
            json["time_signature"] = meter.ToString();
            json["format"] = (format ?? SpecFormat.Wav).Name();
            json["mix"] = (mix ?? SpecMix.Full).Name();
        });

        // proto3 cannot say "unset": 0 means the default depth, and lossy formats have none to speak of.
        var lossless = format?.IsLossless() ?? true;
        return resolved with { BitDepth = lossless && spec.BitDepth != 0 ? spec.BitDepth : SpecLimits.DefaultBitDepth };
    }

    private static AudioFormat ToWire(SpecFormat format) => format switch
    {
        SpecFormat.Wav => AudioFormat.Wav,
        SpecFormat.Flac => AudioFormat.Flac,
        SpecFormat.Mp3 => AudioFormat.Mp3,
        SpecFormat.Opus => AudioFormat.Opus,
        _ => AudioFormat.Unspecified,
    };

    private static SpecFormat? FromWire(AudioFormat format) => format switch
    {
        AudioFormat.Wav => SpecFormat.Wav,
        AudioFormat.Flac => SpecFormat.Flac,
        AudioFormat.Mp3 => SpecFormat.Mp3,
        AudioFormat.Opus => SpecFormat.Opus,
        _ => null,
    };

    private static MixVersion ToWire(SpecMix mix) => mix switch
    {
        SpecMix.Full => MixVersion.Full,
        SpecMix.Underscore => MixVersion.Underscore,
        SpecMix.DrumsAndBass => MixVersion.DrumsAndBass,
        _ => MixVersion.Unspecified,
    };

    // Unlike the format, an unset mix has a meaning: a gateway from before alt mixes only ever sent full mixes.
    private static SpecMix? FromWire(MixVersion mix) => mix switch
    {
        MixVersion.Unspecified or MixVersion.Full => SpecMix.Full,
        MixVersion.Underscore => SpecMix.Underscore,
        MixVersion.DrumsAndBass => SpecMix.DrumsAndBass,
        _ => null,
    };
}
