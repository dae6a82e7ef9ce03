using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>
/// What the API asks of a create request beyond the spec's own field rules: something to compose from (a prompt
/// or a genre), so an empty body is refused rather than rendered — and billed — as a random 30 s track.
/// Every problem is reported at once, the resolver's included.
/// </summary>
internal static class SpecAdmission
{
    public const string NothingToCompose = "is required unless genre is given: describe the music (e.g. \"calm lo-fi hip hop with piano\") or name a genre";

    /// <exception cref="RequestValidationException">Every invalid field.</exception>
    public static ResolvedMusicSpec Resolve(MusicSpec spec)
    {
        var errors = new List<FieldError>();
        var resolved = Check(spec, errors);
        return errors.Count == 0 && resolved is not null ? resolved : throw new RequestValidationException(errors);
    }

    /// <summary>Adds each problem with a field not already in <paramref name="errors"/> (a field already reported as wrongly typed stays reported once).</summary>
    /// <returns>The resolved spec when there was nothing to add.</returns>
    public static ResolvedMusicSpec? Check(MusicSpec spec, List<FieldError> errors)
    {
        var found = new List<FieldError>();
        var reported = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(spec.Prompt) && string.IsNullOrWhiteSpace(spec.Genre) && !reported.Contains("prompt") && !reported.Contains("genre"))
        {
            found.Add(new FieldError("prompt", NothingToCompose));
        }

        ResolvedMusicSpec? resolved = null;
        try
        {
            resolved = SpecResolver.Resolve(spec);
        }
        catch (RequestValidationException e)
        {
            found.AddRange(e.Errors);
        }

        errors.AddRange(found.Where(e => !reported.Contains(e.Field)));
        return found.Count == 0 ? resolved : null;
    }
}
