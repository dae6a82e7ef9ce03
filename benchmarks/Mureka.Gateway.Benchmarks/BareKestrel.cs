namespace Mureka.Gateway.Benchmarks;

/// <summary>
/// The yardstick: Kestrel with one minimal-API endpoint returning a fixed JSON body of the same size
/// as the gateway's answer, no auth, no database, no logging.
/// </summary>
internal static class BareKestrel
{
    public static async Task<WebApplication> StartAsync(string url, string body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapGet("/v1/generations/{id}", (string id) => Results.Text(body, "application/json"));
        await app.StartAsync();
        return app;
    }
}
