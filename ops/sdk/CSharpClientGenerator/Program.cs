using Mureka.Sdk.Generator;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

// usage: CSharpClientGenerator <openapi.yaml> <output.cs>
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: CSharpClientGenerator <openapi.yaml> <output.cs>");
    return 2;
}

var document = await OpenApiYamlDocument.FromFileAsync(args[0]);
new OpenEnumsVisitor().Visit(document);
OperationFilter.RemoveTagged(document, OperationFilter.NotForCustomers);

var settings = new CSharpClientGeneratorSettings
{
    ClassName = "MurekaApiClient",
    GenerateClientInterfaces = true,
    InjectHttpClient = true,
    DisposeHttpClient = false,
    UseBaseUrl = false,
    GenerateBaseUrlProperty = false,
    GenerateOptionalParameters = true,
    ExceptionClass = "MurekaApiException",
    OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
    ParameterNameGenerator = new CamelCaseParameterNameGenerator(),
    CSharpGeneratorSettings =
    {
        Namespace = "Mureka.Sdk",
        JsonLibrary = CSharpJsonLibrary.SystemTextJson,
        GenerateNullableReferenceTypes = true,
        GenerateOptionalPropertiesAsNullable = true,
        GenerateDataAnnotations = false,
        ClassStyle = CSharpClassStyle.Poco,
        GenerateDefaultValues = false,
        DateTimeType = "System.DateTimeOffset",
        ArrayType = "System.Collections.Generic.IList",
        ArrayInstanceType = "System.Collections.Generic.List",
        DictionaryType = "System.Collections.Generic.IDictionary",
        DictionaryInstanceType = "System.Collections.Generic.Dictionary",
        PropertyNameGenerator = new PascalCasePropertyNameGenerator(),
    },
};

var code = new CSharpClientGenerator(document, settings).GenerateFile().ReplaceLineEndings("\n").TrimEnd() + "\n";
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
await File.WriteAllTextAsync(args[1], code);
return 0;
