using System.Text.Json;
using System.Text.Json.Nodes;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Contract;

/// <summary>
/// openapi.yaml against the code: every route and method, operationId, summary, tags, path/query/header
/// parameters, status codes, problem+json errors, auth, and the JSON property names of bodies.
/// </summary>
public sealed class OpenApiDriftTests
{
    private const string Fix =
        "openapi.yaml and the code disagree. Run `ops/openapi/sync.sh` (adds/removes operations, statuses, parameters and " +
        "copies operationId/summary/tags from the code), then fill in descriptions and examples and run `ops/openapi/lint.sh`.";

    [Fact]
    public async Task CommittedSpec_ComparedWithCode_HasNoDifferences()
    {
        var spec = OpenApiSpec.LoadCommitted();
        var code = await CodeApiSurface.ReadAsync();
        ExportIfAsked(code);

        var differences = OpenApiDrift.Compare(spec, code);

        Assert.True(differences.Count == 0, $"{Fix}\n  - {string.Join("\n  - ", differences)}");
    }

    [Fact]
    public async Task CodeSurface_EveryOperation_IsNamedSummarisedAndTagged()
    {
        var code = await CodeApiSurface.ReadAsync();

        Assert.NotEmpty(code);
        Assert.All(code, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.OperationId), $"{o.Method} {o.Path}: add [EndpointName(\"…\")]");
            Assert.False(string.IsNullOrEmpty(o.Summary), $"{o.Method} {o.Path}: add [EndpointSummary(\"…\")]");
            Assert.NotEmpty(o.Tags);
            Assert.All(o.Responses.Where(r => r.Status >= 400), r => Assert.True(r.IsProblem && r.ContentTypes.Contains("application/problem+json"), $"{o.Method} {o.Path} {r.Status}: declare ProblemDetails as application/problem+json"));
        });
    }

    [Fact]
    public async Task Compare_SpecMissingAStatus_ReportsIt()
    {
        var spec = OpenApiSpec.LoadCommitted();
        var operation = spec.Root["paths"]!["/v1/models"]!["get"]!.AsObject();
        operation["responses"]!.AsObject().Remove("401");
        var code = await CodeApiSurface.ReadAsync();

        var differences = OpenApiDrift.Compare(spec, code);

        Assert.Contains(differences, d => d.Contains("GET /v1/models", StringComparison.Ordinal) && d.Contains("401", StringComparison.Ordinal));
    }

    /// <summary>With MUREKA_OPENAPI_EXPORT set, writes the code's operations as JSON for ops/openapi/sync.sh.</summary>
    private static void ExportIfAsked(IReadOnlyList<CodeOperation> code)
    {
        if (Environment.GetEnvironmentVariable("MUREKA_OPENAPI_EXPORT") is { Length: > 0 } target)
        {
            var json = new JsonArray(code.Select(o => (JsonNode?)o.ToJson()).ToArray());
            File.WriteAllText(target, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
    }
}
