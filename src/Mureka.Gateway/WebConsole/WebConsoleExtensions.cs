using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Mureka.Gateway.WebConsole;

/// <summary>
/// The developer console: static pages embedded in the gateway (no build step, no framework) under <c>/console/</c>,
/// talking to the same public <c>/v1</c> API as any client. The API key lives in the page's memory only.
/// </summary>
public static class WebConsoleExtensions
{
    public const string PathPrefix = "/console";

    // Scripts only from the gateway itself and no inline code: a key held in page memory is only as safe as the page's
    // scripts. Connections and media may follow a download to the object store when it redirects there.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob: https:; " +
        "connect-src 'self' https:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The console's files, in a branch only <c>/console</c> requests enter, so API calls pay nothing for them.</summary>
    public static IApplicationBuilder UseWebConsole(this IApplicationBuilder app) =>
        app.UseWhen(static context => context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal), static console =>
        {
            var files = new ManifestEmbeddedFileProvider(typeof(WebConsoleExtensions).Assembly, "WebConsole/wwwroot");
            // "/console" redirects to "/console/", which serves index.html.
            console.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = PathPrefix });
            console.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                RequestPath = PathPrefix,
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = static context =>
                {
                    var headers = context.Context.Response.Headers;
                    headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                    headers[HeaderNames.XContentTypeOptions] = "nosniff";
                    headers["Referrer-Policy"] = "no-referrer";
                    // Revalidated on every load (ETag), so a new gateway version is picked up at once.
                    headers[HeaderNames.CacheControl] = "no-cache";
                },
            });
        });

    /// <summary>The API's root sends a browser to the console.</summary>
    public static IEndpointRouteBuilder MapWebConsoleEntry(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Results.Redirect(PathPrefix + "/")).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }
}
