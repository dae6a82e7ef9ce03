namespace Mureka.Gateway.Benchmarks;

/// <summary>
/// The yardstick: Kestrel with one minimal-API endpoint returning a fixed JSON body of the same size
/// as the gateway's answer, no auth, no database, no logging. It runs as its own process, as the gateway does,
/// so neither shares a runtime with the load generator.
/// </summary>
internal static class BareKestrel
{
    public const string Command = "bare-kestrel";

    /// <summary>Serves until the process is stopped: <c>bare-kestrel URL BODY-FILE</c>.</summary>
    public static async Task<int> RunAsync(string url, string bodyFile)
    {
        var body = await File.ReadAllTextAsync(bodyFile);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapGet("/v1/generations/{id}", (string id) => Results.Text(body, "application/json"));
        await app.RunAsync();
        return 0;
    }
}
