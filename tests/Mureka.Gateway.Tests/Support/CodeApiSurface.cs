using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Mureka.Gateway.Tests.Support;

/// <summary>One REST operation as the gateway's code describes it (ASP.NET Core API descriptions).</summary>
public sealed record CodeOperation(
    string Method,
    string Path,
    string? OperationId,
    string? Summary,
    IReadOnlyList<string> Tags,
    bool RequiresApiKey,
    IReadOnlyList<(string In, string Name, bool Required)> Parameters,
    Type? RequestBody,
    IReadOnlyList<CodeResponse> Responses)
{
    public JsonObject ToJson() => new()
    {
        ["method"] = Method,
        ["path"] = Path,
        ["operation_id"] = OperationId,
        ["summary"] = Summary,
        ["tags"] = new JsonArray(Tags.Select(t => (JsonNode?)t).ToArray()),
        ["requires_api_key"] = RequiresApiKey,
        ["parameters"] = new JsonArray(Parameters.Select(p => (JsonNode?)new JsonObject { ["in"] = p.In, ["name"] = p.Name, ["required"] = p.Required }).ToArray()),
        ["responses"] = new JsonArray(Responses.Select(r => (JsonNode?)new JsonObject
        {
            ["status"] = r.Status,
            ["type"] = r.Type?.Name,
            ["is_problem"] = r.IsProblem,
            ["content_types"] = new JsonArray(r.ContentTypes.Select(c => (JsonNode?)c).ToArray()),
        }).ToArray()),
    };
}

public sealed record CodeResponse(int Status, Type? Type, IReadOnlyList<string> ContentTypes)
{
    public bool IsProblem => Type is not null && typeof(ProblemDetails).IsAssignableFrom(Type);
}

/// <summary>Builds the gateway (without starting it: no database or host is touched) and reads its API descriptions.</summary>
public static class CodeApiSurface
{
    public static async Task<IReadOnlyList<CodeOperation>> ReadAsync()
    {
        await using var app = GatewayApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=unused",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        var provider = app.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>();
        return provider.ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Select(Describe)
            .GroupBy(o => (o.Method, o.Path))
            .Select(g => g.First())
            .OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal)
            .ToList();
    }

    private static CodeOperation Describe(ApiDescription d)
    {
        var metadata = d.ActionDescriptor.EndpointMetadata;
        var path = "/" + (d.RelativePath ?? "").Split('?')[0];
        var parameters = d.ParameterDescriptions
            .Where(p => p.Source == BindingSource.Path || p.Source == BindingSource.Query || p.Source == BindingSource.Header)
            .Where(p => p.Name is not ("version" or "api-version"))
            .Select(p => (In: p.Source == BindingSource.Path ? "path" : p.Source == BindingSource.Query ? "query" : "header", p.Name, Required: p.Source == BindingSource.Path || p.IsRequired))
            .Distinct()
            .ToList();
        var body = d.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
        return new CodeOperation(
            d.HttpMethod ?? "GET",
            path,
            metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName,
            metadata.OfType<IEndpointSummaryMetadata>().LastOrDefault()?.Summary,
            metadata.OfType<ITagsMetadata>().SelectMany(t => t.Tags).Distinct().ToList(),
            metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any(),
            parameters,
            body,
            d.SupportedResponseTypes
                .Select(r => new CodeResponse(r.StatusCode, r.Type == typeof(void) ? null : r.Type, r.ApiResponseFormats.Select(f => f.MediaType).Distinct().ToList()))
                .OrderBy(r => r.Status)
                .ToList());
    }
}
