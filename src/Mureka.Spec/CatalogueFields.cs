using System.Text.RegularExpressions;

namespace Mureka.Spec;

/// <summary>
/// The rules for a request's catalogue fields, which name and file a track but never change its music: a
/// <c>title</c>, and <c>labels</c> (the customer's own key–value pairs: a catalogue number, a client, a
/// project). Text meant for people and other systems, so no control characters, and bounded.
/// </summary>
public static partial class CatalogueFields
{
    public const int MaxTitleLength = 200;
    public const int MaxLabels = 16;
    public const int MaxLabelKeyLength = 40;
    public const int MaxLabelValueLength = 200;

    /// <summary>What a label key looks like: lower-case letters, digits, <c>_ . -</c>, starting with a letter or digit.</summary>
    public const string LabelKeyPattern = "^[a-z0-9][a-z0-9_.-]{0,39}$";

    public static void Title(string? title, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (title is null)
        {
            return;
        }

        if (title.Trim().Length == 0 || title.Length > MaxTitleLength)
        {
            errors.Add(new("title", $"must be 1 to {MaxTitleLength} characters, not only spaces (got {title.Length})"));
        }
        else if (!IsPlainText(title))
        {
            errors.Add(new("title", "must not contain control characters"));
        }
    }

    public static void Labels(IReadOnlyDictionary<string, string>? labels, ICollection<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (labels is null)
        {
            return;
        }

        if (labels.Count > MaxLabels)
        {
            errors.Add(new("labels", $"must have at most {MaxLabels} entries (got {labels.Count})"));
            return;
        }

        foreach (var (key, value) in labels)
        {
            if (!LabelKey().IsMatch(key))
            {
                // The key is not echoed: it failed the check, so it may be anything.
                errors.Add(new("labels", $"keys must be 1 to {MaxLabelKeyLength} of a-z, 0-9, '_', '.', '-', starting with a letter or digit"));
            }
            else if (value is null || value.Length > MaxLabelValueLength || !IsPlainText(value))
            {
                errors.Add(new($"labels.{key}", $"must be a string of at most {MaxLabelValueLength} characters without control characters"));
            }
        }
    }

    /// <summary>Whether a label key is well formed (also how a list filter checks the keys it is given).</summary>
    public static bool IsLabelKey(string key) => LabelKey().IsMatch(key);

    /// <summary>No control characters (NUL, newlines, escapes) and no unpaired surrogates.</summary>
    public static bool IsPlainText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(LabelKeyPattern, RegexOptions.CultureInvariant)]
    private static partial Regex LabelKey();
}
