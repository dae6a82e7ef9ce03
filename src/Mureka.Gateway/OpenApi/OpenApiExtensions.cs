
namespace Mureka.Gateway.OpenApi;

/// <summary>
/// Serves the committed <c>openapi.yaml</c> (embedded at build time) at <c>GET /openapi/v1.yaml</c>, anonymously.
/// The file is the source of truth because it carries what code cannot say well (examples, prose, the raw-body
/// request schema); the drift test holds it to the code's API descriptions, route by route.
/// </summary>
public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/v1.yaml";
    private const string ResourceName = "openapi.yaml";

    /// <summary>API descriptions for minimal endpoints too (MVC's come with controllers), so the drift test sees every route.</summary>
    public static IServiceCollection AddApiDescriptions(this IServiceCollection services) => services.AddEndpointsApiExplorer();

    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder endpoints)
    {
        var document = ReadDocument();
        endpoints.MapGet(DocumentPath, () => Results.Bytes(document, "application/yaml; charset=utf-8"))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The embedded openapi.yaml, exactly as committed.</summary>
    public static byte[] ReadDocument()
    {
        using var stream = typeof(OpenApiExtensions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The gateway was built without the embedded {ResourceName}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
