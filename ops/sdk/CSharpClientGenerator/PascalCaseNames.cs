using System.Globalization;
using System.Text;
using NJsonSchema;
using NJsonSchema.CodeGeneration;
using NSwag;
using NSwag.CodeGeneration;

namespace Mureka.Sdk.Generator;

/// <summary>
/// The API speaks snake_case and kebab-case headers; NSwag keeps the separators (<c>Duration_ms</c>,
/// <c>if_None_Match</c>), which reads badly in C#. These give <c>DurationMs</c> and <c>ifNoneMatch</c>;
/// the JSON names stay exact through <c>[JsonPropertyName]</c>.
/// </summary>
internal static class PascalCase
{
    public static string From(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var part in name.Split(['_', '-', '.', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }

        var result = builder.ToString();
        return result.Length > 0 && char.IsDigit(result[0]) ? "_" + result : result;
    }
}

internal sealed class PascalCasePropertyNameGenerator : IPropertyNameGenerator
{
    public string Generate(JsonSchemaProperty property) => PascalCase.From(property.Name);
}

internal sealed class CamelCaseParameterNameGenerator : IParameterNameGenerator
{
    public string Generate(OpenApiParameter parameter, IEnumerable<OpenApiParameter> allParameters)
    {
        var pascal = PascalCase.From(parameter.Name);
        return char.ToLower(pascal[0], CultureInfo.InvariantCulture) + pascal[1..];
    }
}
