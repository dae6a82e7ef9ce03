using Mureka.Accounts;
using Mureka.Spec;

namespace Mureka.Gateway.Keys;

/// <summary>Checks the self-service key bodies and reports every invalid field at once.</summary>
internal static class ApiKeyRequestValidator
{
    public const int MaxNameLength = 64;

    /// <summary>Seven days: long enough to roll any deployment, short enough that a leaked key does not linger.</summary>
    public const int MaxOldKeyGraceSeconds = 7 * 24 * 3600;

    /// <returns>The trimmed name (null for the default) and the scopes asked for (null for the caller's own).</returns>
    /// <exception cref="RequestValidationException">Every invalid field.</exception>
    public static (string? Name, ApiKeyScopes? Scopes) Validate(CreateApiKeyBody body)
    {
        var errors = new List<FieldError>();
        string? name = null;
        if (body.Name is { } raw)
        {
            name = raw.Trim();
            if (name.Length is 0 or > MaxNameLength)
            {
                errors.Add(new FieldError("name", $"must be 1 to {MaxNameLength} characters"));
            }
            else if (name.Any(char.IsControl) || !IsWellFormed(name))
            {
                errors.Add(new FieldError("name", "must not contain control characters or broken Unicode"));
            }
        }

        ApiKeyScopes? scopes = null;
        if (body.Scopes is { } names)
        {
            scopes = ApiKeyScopes.None;
            if (names.Count == 0)
            {
                errors.Add(new FieldError("scopes", "must name at least one scope: " + string.Join(", ", ApiKeyScopeNames.All)));
            }

            for (var i = 0; i < names.Count; i++)
            {
                if (ApiKeyScopeNames.Parse(names[i]) is { } scope)
                {
                    scopes |= scope;
                }
                else
                {
                    errors.Add(new FieldError($"scopes[{i}]", "is not a scope; one of " + string.Join(", ", ApiKeyScopeNames.All)));
                }
            }
        }

        return errors.Count > 0 ? throw new RequestValidationException(errors) : (name, scopes);
    }

    /// <returns>How long the old key keeps working.</returns>
    /// <exception cref="RequestValidationException">Out of range.</exception>
    public static TimeSpan Validate(RotateApiKeyBody body) =>
        body.OldKeyExpiresInSeconds is { } seconds && seconds is < 0 or > MaxOldKeyGraceSeconds
            ? throw new RequestValidationException([new FieldError("old_key_expires_in_seconds", $"must be 0 to {MaxOldKeyGraceSeconds} (seven days)")])
            : TimeSpan.FromSeconds(body.OldKeyExpiresInSeconds ?? 0);

    // Lone surrogates (JSON lets "\ud800" through) do not encode as UTF-8.
    private static bool IsWellFormed(string value) =>
        System.Text.Unicode.Utf8.FromUtf16(value, stackalloc byte[value.Length * 3], out _, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done;
}
