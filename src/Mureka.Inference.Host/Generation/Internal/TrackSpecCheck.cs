using Mureka.Contracts.Inference.V1;
using Mureka.Engine.Encoding;
using Mureka.Spec;

namespace Mureka.Inference.Host.Generation.Internal;

/// <summary>
/// Reads a wire <see cref="TrackSpec"/> as the resolved spec the gateway sent and checks it with the spec's own field
/// rules. Nothing is resolved again: a spec that is not already complete and in range is refused, field by field.
/// </summary>
internal static class TrackSpecCheck
{
    public static SpecCheck Check(TrackSpec? spec, string modelId)
    {
        if (spec is null)
        {
            return SpecCheck.Invalid([new FieldViolation { Field = "spec", Description = "is required" }]);
        }

        var errors = new List<FieldError>();
        if (spec.Model.Length > 0 && !string.Equals(spec.Model, modelId, StringComparison.Ordinal))
        {
            errors.Add(new FieldError("model", $"this host serves '{modelId}'"));
        }

        var resolved = spec.ToResolvedSpec(errors);
        errors.AddRange(ResolvedSpecValidator.Validate(resolved));
        return errors.Count == 0
            ? SpecCheck.Valid(resolved)
            : SpecCheck.Invalid([.. errors.Select(e => new FieldViolation { Field = e.Field, Description = e.Message })]);
    }
}

/// <summary>Either a spec ready to render (with the provenance its files carry, if any) or the field violations that stop it.</summary>
internal sealed record SpecCheck(ResolvedMusicSpec? Spec, IReadOnlyList<FieldViolation> Violations)
{
    public FileProvenance? Provenance { get; private init; }

    public static SpecCheck Valid(ResolvedMusicSpec spec) => new(spec, []);

    public static SpecCheck Invalid(IReadOnlyList<FieldViolation> violations) => new(null, violations);

    /// <summary>This check with the item's file provenance, whose ids must be ones a tag can hold.</summary>
    public SpecCheck WithProvenance(FileProvenance? provenance)
    {
        if (provenance is null)
        {
            return this;
        }

        var violations = ProvenanceViolations(provenance);
        return violations.Count == 0 ? this with { Provenance = provenance } : Invalid([.. Violations, .. violations]);
    }

    /// <summary>What is wrong with a file provenance: ids a tag cannot hold; none for no provenance.</summary>
    public static IReadOnlyList<FieldViolation> ProvenanceViolations(FileProvenance? provenance)
    {
        List<FieldViolation> violations = [];
        if (provenance is null)
        {
            return violations;
        }

        foreach (var (field, value) in new[] { ("provenance.generation_id", provenance.GenerationId), ("provenance.license_id", provenance.LicenseId) })
        {
            if (!FileTags.IsValidId(value))
            {
                violations.Add(new FieldViolation { Field = field, Description = $"must be 1 to {FileTags.MaxIdLength} printable ASCII characters" });
            }
        }

        return violations;
    }
}
