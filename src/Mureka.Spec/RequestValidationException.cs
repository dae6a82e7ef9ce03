namespace Mureka.Spec;

/// <summary>Thrown before any work starts when a request has invalid fields; carries every problem found.</summary>
public sealed class RequestValidationException : Exception
{
    public RequestValidationException(IReadOnlyList<FieldError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public RequestValidationException()
        : this([])
    {
    }

    public RequestValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    public RequestValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<FieldError> Errors { get; } = [];

    private static string Describe(IReadOnlyList<FieldError> errors) =>
        errors.Count == 0
            ? "The request is invalid."
            : "Invalid request: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
}
