namespace Mureka.Gateway.Problems;

/// <summary>
/// One kind of error the API answers. <see cref="Uri"/> is the problem's <c>type</c>: a path on the API itself
/// (<c>/docs/problems/{slug}</c>), so it stays the same string behind every host name and resolves, against the
/// URL that was called, to the page that explains it.
/// </summary>
/// <param name="Slug">The stable last segment of the type, e.g. <c>rate-limited</c>.</param>
/// <param name="Status">The HTTP status this problem is answered with.</param>
/// <param name="Title">The title a response carries when its writer gives none.</param>
/// <param name="Cause">When a caller meets it (for the documentation page).</param>
/// <param name="Remedy">What the caller should do about it (for the documentation page).</param>
public sealed record ProblemType(string Slug, int Status, string Title, string Cause, string Remedy)
{
    public string Uri => ProblemTypes.PathPrefix + Slug;
}
