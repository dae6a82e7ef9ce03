using Mureka.Spec;

namespace Mureka.Cli.Output;

/// <summary>Checks an output file path before any work starts, so a bad path fails fast with exit code 2.</summary>
public static class OutputPath
{
    public static List<FieldError> Validate(string path, string field)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(path) || Directory.Exists(path))
        {
            errors.Add(new FieldError(field, $"'{path}' must be a file path"));
            return errors;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is null || !Directory.Exists(directory))
        {
            errors.Add(new FieldError(field, $"directory '{directory}' does not exist"));
        }

        return errors;
    }
}
