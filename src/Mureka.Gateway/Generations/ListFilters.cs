using Mureka.Gateway.Data;
using Mureka.Spec;
using Mureka.Spec.Catalog;

namespace Mureka.Gateway.Generations;

/// <summary>
/// The generation list's filters, checked before any query: an unknown value is a named field error (it would
/// otherwise match nothing and read like an empty account). Values are not echoed, so hostile bytes stay out of answers.
/// </summary>
internal static class ListFilters
{
    /// <returns>The status to match, or null for any.</returns>
    public static string? Status(string? value, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (GenerationStatuses.All.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        errors.Add(new FieldError("status", $"must be one of: {string.Join(", ", GenerationStatuses.All)}"));
        return null;
    }

    /// <returns>The genre id to match, or null for any.</returns>
    public static string? Genre(string? value, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (GenreProfiles.TryGet(value, out var profile) && profile.Id == value)
        {
            return profile.Id;
        }

        errors.Add(new FieldError("genre", $"must be one of: {string.Join(", ", GenreProfiles.All.Select(g => g.Id))}"));
        return null;
    }
}
