using Mureka.Spec;
using Mureka.Spec.Music;
using SpecFormat = Mureka.Spec.AudioFormat;

namespace Mureka.Contracts.Inference.V1;

/// <summary>
/// <see cref="ResolvedMusicSpec"/> ↔ <c>mureka.inference.v1.TrackSpec</c>: the gateway sends the spec it resolved, a
/// host reads it back. Reading parses the text fields (key, time signature) and names any that do not parse; the
/// rest is checked by <see cref="ResolvedSpecValidator"/>.
/// </summary>
public static class TrackSpecMapping
{
    public static TrackSpec ToTrackSpec(this ResolvedMusicSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);

        // Only the format differs in type: an enum here, its name in the spec.
        return SpecProtoJson.ToProto<TrackSpec>(spec, json => json["format"] = (int)ToWire(spec.Format));
    }

    private static AudioFormat ToWire(SpecFormat format) => format switch
    {
        SpecFormat.Wav => AudioFormat.Wav,
        SpecFormat.Flac => AudioFormat.Flac,
        SpecFormat.Mp3 => AudioFormat.Mp3,
        SpecFormat.Opus => AudioFormat.Opus,
        _ => AudioFormat.Unspecified,
    };

    /// <summary>The spec as sent; when a field cannot be read it is named in <paramref name="errors"/> and a placeholder stands in.</summary>
    public static ResolvedMusicSpec ToResolvedSpec(this TrackSpec spec, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(errors);
        SpecFormat? format = spec.Format switch
        {
            AudioFormat.Wav => SpecFormat.Wav,
            AudioFormat.Flac => SpecFormat.Flac,
            AudioFormat.Mp3 => SpecFormat.Mp3,
            AudioFormat.Opus => SpecFormat.Opus,
            _ => null,
        };
        if (format is null)
        {
            errors.Add(new FieldError("format", "is required: wav, flac, mp3 or opus"));
        }

        var key = SpecFields.Key(spec.Key, errors);
        var meter = SpecFields.TimeSignature(spec.TimeSignature, errors);
        var lossless = format?.IsLossless() ?? true;
        return new ResolvedMusicSpec
        {
            Model = spec.Model,
            Prompt = spec.Prompt,
            Genre = spec.Genre,
            Mood = spec.Mood,
            Bpm = spec.Bpm,
            Key = key ?? default,
            TimeSignature = meter ?? TimeSignature.FourFour,
            DurationMs = spec.DurationMs,
            Instruments = [.. spec.Instruments],
            Intensity = spec.Intensity,
            Seed = spec.Seed,
            Format = format ?? SpecFormat.Wav,
            SampleRate = spec.SampleRate,

            // proto3 cannot say "unset": 0 means the default depth, and lossy formats have none to speak of.
            BitDepth = lossless && spec.BitDepth != 0 ? spec.BitDepth : SpecLimits.DefaultBitDepth,
            Stems = spec.Stems,
            Loop = spec.Loop,
            Interpretation = [.. spec.Interpretation],
        };
    }
}
