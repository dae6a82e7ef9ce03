using Scalar.AspNetCore;

namespace Mureka.Gateway.OpenApi;

/// <summary>
/// The API reference at <c>/docs</c>, rendered by Scalar from the committed <c>openapi.yaml</c>; the error pages the
/// problem <c>type</c>s point to live beside it under <c>/docs/problems</c>. Scalar's script is served from the
/// gateway itself (no CDN), without its default web fonts and without telemetry, so the reference works on a closed
/// network and tells no third party who reads it.
/// </summary>
public static class ApiReference
{
    public const string Path = "/docs";

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapScalarApiReference(Path, options => options
                .WithTitle("Mureka API reference")
                .WithOpenApiRoutePattern(OpenApiExtensions.DocumentPath)
                .WithFavicon(WebConsole.WebConsoleExtensions.PathPrefix + "/favicon.svg")
                .DisableDefaultFonts()
                .DisableTelemetry())
            .AllowAnonymous();
        return endpoints;
    }
}
