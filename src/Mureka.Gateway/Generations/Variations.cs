using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>
/// How one spec becomes n variations: member i has the seed of member 0 plus i (within the seed range), so a request
/// that names a seed gets the same n tracks every time, and one without gets n fresh ones. Fields the caller left open
/// (key, tempo, instruments) are resolved per member from its own seed, so the variations differ in more than the tune.
/// </summary>
internal static class Variations
{
    public const int Max = 4;

    /// <summary>The wire names of a request's two fields (REST body and gRPC message alike): the count, and the spec it varies.</summary>
    public const string CountField = "n";
    public const string SpecField = "spec";

    /// <summary>Adds the count's problem, if it has one.</summary>
    public static void CheckCount(int? count, List<FieldError> errors)
    {
        if (count is not { } n)
        {
            errors.Add(new FieldError(CountField, $"is required: how many variations to make, 1 to {Max}"));
        }
        else if (n is < 1 or > Max)
        {
            errors.Add(new FieldError(CountField, $"must be between 1 and {Max} (got {n})"));
        }
    }

    /// <param name="count">How many, 1 to <see cref="Max"/>; required (null when the body had none).</param>
    /// <exception cref="RequestValidationException">Every invalid field, the count's with the spec's.</exception>
    public static IReadOnlyList<ResolvedMusicSpec> Resolve(MusicSpec spec, int? count)
    {
        var errors = new List<FieldError>();
        CheckCount(count, errors);
        var specErrors = new List<FieldError>();
        var first = SpecAdmission.Check(spec, specErrors);
        errors.AddRange(specErrors.Select(e => e with { Field = $"{SpecField}.{e.Field}" }));
        if (errors.Count > 0 || first is null)
        {
            throw new RequestValidationException(errors);
        }

        var members = new List<ResolvedMusicSpec> { first };
        for (var i = 1; i < count; i++)
        {
            var seed = (long)((first.Seed + (ulong)i) % ((ulong)SpecLimits.MaxSeed + 1));
            members.Add(SpecResolver.Resolve(spec with { Seed = seed }));
        }

        return members;
    }
}
