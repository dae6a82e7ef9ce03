using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Mureka.Inference.Host.Generation;
using Mureka.Inference.Host.Health;
using Mureka.Inference.Host.Hosting;
using Mureka.Inference.Host.Runtime;
using Mureka.Inference.Host.Security;
using Mureka.Inference.Host.Telemetry;
using Mureka.Inference.Host.Warmup;

namespace Mureka.Inference.Host;

/// <summary>Builds the inference host: a table of contents, every concern lives in its own extension method.</summary>
public static class HostApp
{
    /// <summary>
    /// Builds (but does not start) the host. <paramref name="args"/> are ordinary ASP.NET Core arguments
    /// (<c>--urls http://127.0.0.1:0</c>, <c>--Host:MaxBatchSize 8</c>); <paramref name="configure"/> runs after
    /// configuration binding, so code wins over files and environment.
    /// </summary>
    public static WebApplication Build(string[] args, Action<HostOptions>? configure = null)
    {
        // The content root is the application's folder, so the shipped appsettings.json applies wherever it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        builder.UseHttp2OnlyKestrel();
        builder.Services.AddHostOptions(builder.Configuration, configure);
        builder.Services.AddInferenceRuntime();
        builder.Services.AddWarmup();
        builder.Services.AddHostHealth();
        builder.Services.AddGeneration();
        builder.Services.AddCallerSecrets();
        builder.AddHostTelemetry();

        var app = builder.Build();

        app.MapGrpcService<InferenceHostService>();
        app.MapHostHealth();
        app.MapHostSecurity();
        return app;
    }

    /// <summary>The first address Kestrel actually bound (port 0 resolved); valid after <c>StartAsync</c>.</summary>
    public static Uri GetListeningAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The host is not listening yet; call StartAsync first.");
        return new Uri(first);
    }
}
