using Microsoft.AspNetCore.Mvc;
using Mureka.Spec;

namespace Mureka.Gateway.Generations;

/// <summary>RFC 7807 answers with stable titles; validation problems carry <c>errors: {field: [message]}</c>.</summary>
internal static class ProblemResults
{
    public static ObjectResult Validation(IEnumerable<FieldError> errors) =>
        new(new ValidationProblemDetails(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid.",
        })
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentTypes = { "application/problem+json" },
        };

    public static ObjectResult Problem(int status, string title, string? detail = null) =>
        new(new ProblemDetails { Status = status, Title = title, Detail = detail })
        {
            StatusCode = status,
            ContentTypes = { "application/problem+json" },
        };

    public static ObjectResult NotFound() => Problem(StatusCodes.Status404NotFound, "Not found", "No generation with this id.");
}
