using Mureka.Contracts.Inference.V1;
using Mureka.Engine;
using Mureka.Engine.Requests;
using WireFormat = Mureka.Contracts.Inference.V1.AudioFormat;

namespace Mureka.Inference.Host.Generation.Internal;

/// <summary>
/// Re-validates a wire <see cref="TrackSpec"/> with the engine's own rules: the spec's fields become typed fields of a
/// <see cref="MusicRequest"/> (which win over the prompt), so a fully resolved spec resolves to itself.
/// </summary>
internal static class TrackSpecMapper
{
    public static SpecResolution Resolve(TrackSpec? spec, string modelId)
    {
        if (spec is null)
        {
            return SpecResolution.Invalid([new FieldViolation { Field = "spec", Description = "is required" }]);
        }

        var violations = new List<FieldViolation>();
        if (spec.Model.Length > 0 && !string.Equals(spec.Model, modelId, StringComparison.Ordinal))
        {
            violations.Add(new FieldViolation { Field = "model", Description = $"this host serves '{modelId}'" });
        }

        string? format = spec.Format switch
        {
            WireFormat.Wav => "wav",
            WireFormat.Flac => "flac",
            WireFormat.Mp3 => "mp3",
            WireFormat.Opus => "opus",
            _ => null,
        };
        if (format is null)
        {
            violations.Add(new FieldViolation { Field = "format", Description = "is required: wav, flac, mp3 or opus" });
        }

        var lossless = format is "wav" or "flac";
        var request = new MusicRequest
        {
            Prompt = spec.Prompt,
            Genre = spec.Genre,
            Mood = spec.Mood,
            Bpm = spec.Bpm,
            Key = spec.Key,
            TimeSignature = spec.TimeSignature,
            DurationMs = spec.DurationMs,
            Instruments = spec.Instruments.ToList(),
            Intensity = spec.Intensity,

            // Out-of-range seeds are clamped only so the engine reports them as out of range instead of wrapping negative.
            Seed = spec.Seed > long.MaxValue ? long.MaxValue : (long)spec.Seed,
            Format = format,
            SampleRate = spec.SampleRate,

            // A resolved lossy request still carries the default bit depth (16), which the engine refuses as an
            // explicit field for mp3/opus; proto3 cannot say "unset", so lossy formats ignore it and 0 means default.
            BitDepth = lossless && spec.BitDepth != 0 ? spec.BitDepth : null,
            Stems = spec.Stems,
            Loop = spec.Loop,
        };

        try
        {
            var resolved = MurekaEngine.Resolve(request);
            return violations.Count == 0 ? SpecResolution.Valid(resolved) : SpecResolution.Invalid(violations);
        }
        catch (RequestValidationException ex)
        {
            violations.AddRange(ex.Errors.Select(e => new FieldViolation { Field = e.Field, Description = e.Message }));
            return SpecResolution.Invalid(violations);
        }
    }
}

/// <summary>Either a resolved request or the field violations that stop it.</summary>
internal sealed record SpecResolution(ResolvedRequest? Request, IReadOnlyList<FieldViolation> Violations)
{
    public static SpecResolution Valid(ResolvedRequest request) => new(request, []);

    public static SpecResolution Invalid(IReadOnlyList<FieldViolation> violations) => new(null, violations);
}
