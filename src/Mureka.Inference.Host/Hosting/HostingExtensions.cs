using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mureka.Inference.Host.Hosting;

public static class HostingExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:7001";

    /// <summary>
    /// gRPC over cleartext HTTP/2 (h2c) only: without TLS Kestrel cannot negotiate the protocol, so an endpoint
    /// that also allowed HTTP/1.1 would speak HTTP/1.1 to gRPC clients and fail.
    /// </summary>
    public static WebApplicationBuilder UseHttp2OnlyKestrel(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    public static IServiceCollection AddHostOptions(this IServiceCollection services, IConfiguration configuration, Action<HostOptions>? configure)
    {
        services.AddOptions<HostOptions>()
            .Bind(configuration.GetSection(HostOptions.SectionName))
            .PostConfigure(options => configure?.Invoke(options))
            .Validate(o => o.MaxBatchSize >= 1, "Host:MaxBatchSize must be at least 1.")
            .Validate(o => o.EffectiveCapacity >= 1, "Host:Capacity must be at least 1.")
            .Validate(o => o.OrtThreads is null or >= 1, "Host:OrtThreads must be at least 1.")
            .Validate(o => o.RenderWorkers is null or >= 1, "Host:RenderWorkers must be at least 1.")
            .Validate(o => o.CudaDeviceId >= 0, "Host:CudaDeviceId must not be negative.")
            .Validate(o => o.CallerSecrets.All(s => s.Length >= 16 && s.All(c => c > 0x20 && c < 0x7f)), "Host:CallerSecrets entries must be at least 16 printable ASCII characters without spaces.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<HostOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
