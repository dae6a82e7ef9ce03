using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mureka.Gateway.Auth;
using Mureka.Gateway.Billing;
using Mureka.Gateway.Data;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Licenses;
using Mureka.Gateway.Limits;
using Mureka.Gateway.Readiness;
using Mureka.Gateway.Idempotency;
using Mureka.Gateway.Observability;
using Mureka.Gateway.OpenApi;
using Mureka.Gateway.Outage;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Storage;
using Mureka.Gateway.Webhooks;
using Mureka.Gateway.WebConsole;

namespace Mureka.Gateway;

/// <summary>Builds the gateway; <c>Program.cs</c> runs it and tests start the same thing on loopback ports.</summary>
public static class GatewayApp
{
    /// <param name="configure">Last word on configuration and services (tests: ports, database, hosts).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name decides where MVC looks for controllers; under a test host the entry assembly is the test runner.
        // The content root is the application's folder, so the shipped appsettings.json applies wherever it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(GatewayApp).Assembly.GetName().Name, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .PostConfigure(o => o.ConnectionString ??= builder.Configuration.GetConnectionString("Mureka") ?? builder.Configuration["MUREKA_DATABASE"])
            .Validate(o => o.DownloadLinkLifetime >= TimeSpan.FromMinutes(1) && o.DownloadLinkLifetime <= TimeSpan.FromDays(7), "Gateway:DownloadLinkLifetime must be between 00:01:00 and 7.00:00:00.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        configure?.Invoke(builder);

        var options = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // REST on HTTP/1.1 and gRPC on an HTTP/2-only (h2c) port: without TLS there is no ALPN to tell them apart.
            Listen(kestrel, options.RestUrl, HttpProtocols.Http1);
            Listen(kestrel, options.GrpcUrl, HttpProtocols.Http2);
            if (!string.IsNullOrWhiteSpace(options.ManagementUrl))
            {
                Listen(kestrel, options.ManagementUrl, HttpProtocols.Http1);
            }

            kestrel.AddServerHeader = false;
        });

        builder.Services
            .AddGatewayData()
            .AddAudioStore()
            .AddDispatch(builder.Configuration)
            .AddApiKeyAuthentication(builder.Configuration)
            .AddPlanLimits(builder.Configuration)
            .AddRestApi()
            .AddGrpcApi()
            .AddGrpcWebAccess()
            .AddBilling(builder.Configuration)
            .AddWebhooks(builder.Configuration)
            .AddGatewayHealth()
            .AddDatabaseOutageAnswers()
            .AddIdempotency()
            .AddLicenses(builder.Configuration)
            .AddApiDescriptions()
            .AddGatewayTelemetry(builder.Configuration);

        var app = builder.Build();
        app.WarnWhenLicenseKeysUnsealed();
        app.UseRequestIds();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebConsole();
        // Before authentication and authorization, so their refusals reach a gRPC-Web caller in its own framing.
        app.UseGrpcWeb();
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseIdempotency();
        app.MapControllers();
        app.MapGenerationRead();
        app.MapLicenseKeys();
        app.MapOpenApiDocument();
        app.MapProblemDocs();
        app.MapApiReference();
        app.MapWebConsoleEntry();
        app.MapGrpcService<GenerationsGrpcService>().EnableGrpcWeb().RequireCors(GrpcWebAccess.CorsPolicy);
        app.MapGrpcService<AdaptiveSets.AdaptiveSetsGrpcService>().EnableGrpcWeb().RequireCors(GrpcWebAccess.CorsPolicy);
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        app.MapHealthEndpoints();
        app.MapMetrics();
        return app;
    }

    private static void Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols)
    {
        var uri = new Uri(url);
        Action<ListenOptions> configure = l => l.Protocols = protocols;
        if (uri.Host is "localhost")
        {
            kestrel.ListenLocalhost(uri.Port, configure);
        }
        else if (uri.Host is "*" or "+" or "0.0.0.0" or "[::]")
        {
            kestrel.ListenAnyIP(uri.Port, configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port, configure);
        }
    }
}
