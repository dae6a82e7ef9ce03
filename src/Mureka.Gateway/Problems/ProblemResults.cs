using Microsoft.AspNetCore.Mvc;
using Mureka.Spec;

namespace Mureka.Gateway.Problems;

/// <summary>
/// Problem answers for controllers; <see cref="ProblemShapeFilter"/> completes them. Validation problems carry
/// <c>errors: {field: [message]}</c> with every invalid field.
/// </summary>
internal static class ProblemResults
{
    public static ObjectResult Validation(IEnumerable<FieldError> errors) =>
        new(new ValidationProblemDetails(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
        {
            Type = ProblemTypes.InvalidRequest.Uri,
            Status = StatusCodes.Status400BadRequest,
            Title = ProblemTypes.InvalidRequest.Title,
        })
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentTypes = { "application/problem+json" },
        };

    /// <param name="title">The type's own title unless given.</param>
    public static ObjectResult Problem(ProblemType type, string? detail = null, string? title = null) =>
        new(Details(type, detail, title))
        {
            StatusCode = type.Status,
            ContentTypes = { "application/problem+json" },
        };

    public const string NoSuchGeneration = "No generation with this id.";

    /// <summary>The problem body of a type, for endpoints outside MVC (completed by the problem-details service there).</summary>
    public static ProblemDetails Details(ProblemType type, string? detail = null, string? title = null) =>
        new() { Type = type.Uri, Status = type.Status, Title = title ?? type.Title, Detail = detail };

    public static ObjectResult NotFound() => Problem(ProblemTypes.NotFound, NoSuchGeneration);
}
