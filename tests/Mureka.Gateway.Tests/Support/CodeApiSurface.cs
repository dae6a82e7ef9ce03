using System.Text.Json.Nodes;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Gateway.Idempotency;

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
    private static readonly int[] IdempotencyStatuses = [400, 409, 422];

    public static async Task<IReadOnlyList<CodeOperation>> ReadAsync()
    {
        await using var app = GatewayApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=unused",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        var provider = app.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>();
        var described = provider.ApiDescriptionGroups.Items.SelectMany(g => g.Items).Select(Describe).ToList();
        // API versioning's explorer leaves out unversioned minimal endpoints (e.g. webhook receivers): read those from routing.
        var minimal = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ActionDescriptor>() is null
                && e.Metadata.GetMetadata<GrpcMethodMetadata>() is null
                && e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null
                && e.DisplayName?.StartsWith("gRPC", StringComparison.Ordinal) != true
                && e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(DescribeMinimal);
        return described.Concat(minimal)
            .GroupBy(o => (o.Method, o.Path))
            .Select(g => g.First())
            .OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<CodeOperation> DescribeMinimal(RouteEndpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        var path = "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));
        var parameters = endpoint.RoutePattern.Parameters.Select(p => (In: "path", p.Name, Required: true)).ToList();
        var responses = metadata.OfType<IProducesResponseTypeMetadata>()
            .Select(r => new CodeResponse(r.StatusCode, r.Type == typeof(void) ? null : r.Type, r.ContentTypes.ToList()))
            .OrderBy(r => r.Status)
            .ToList();
        var body = metadata.OfType<IAcceptsMetadata>().FirstOrDefault()?.RequestType;
        foreach (var method in metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
        {
            if (IdempotencyMiddleware.Covers(method, path, metadata.ToList()))
            {
                // What IdempotencyApiDescriptionProvider adds to described endpoints, for minimal ones too.
                parameters = [.. parameters, ("header", "Idempotency-Key", false)];
                responses = [.. responses.Concat(IdempotencyStatuses.Where(s => responses.All(r => r.Status != s))
                    .Select(s => new CodeResponse(s, typeof(ProblemDetails), ["application/problem+json"]))).OrderBy(r => r.Status)];
            }

            yield return new CodeOperation(
                method,
                path,
                metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName,
                metadata.OfType<IEndpointSummaryMetadata>().LastOrDefault()?.Summary,
                metadata.OfType<ITagsMetadata>().SelectMany(t => t.Tags).Distinct().ToList(),
                metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any(),
                parameters,
                body,
                responses);
        }
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
