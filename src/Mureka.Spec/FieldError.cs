namespace Mureka.Spec;

/// <summary>One invalid input: the request field (snake_case, as on the wire) and what is wrong with it.</summary>
public sealed record FieldError(string Field, string Message);
