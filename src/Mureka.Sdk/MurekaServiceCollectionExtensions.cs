using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mureka.Sdk;

/// <summary>Settings for <see cref="MurekaServiceCollectionExtensions.AddMurekaClient"/>.</summary>
public sealed class MurekaClientSettings
{
    /// <summary>The API's URL, e.g. <c>https://api.example.com</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>An API key (<c>mk_live_…</c>); keep it in a secret store, not in appsettings.json.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How the client waits and retries.</summary>
    public MurekaClientOptions Client { get; } = new();
}

public static class MurekaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MurekaClient"/> over an <see cref="IHttpClientFactory"/> client (pooled connections, DNS
    /// refresh) with read retries (<see cref="ReadRetryHandler"/>). Bind the settings from configuration with
    /// <c>services.AddMurekaClient(o =&gt; configuration.GetSection("Mureka").Bind(o))</c>.
    /// </summary>
    /// <returns>The HTTP client's builder, to add handlers (logging, resilience) of your own.</returns>
    public static IHttpClientBuilder AddMurekaClient(this IServiceCollection services, Action<MurekaClientSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<MurekaClientSettings>()
            .Configure(configure)
            .Validate(s => s.BaseUrl is { IsAbsoluteUri: true }, "Mureka: BaseUrl must be an absolute URL.")
            .Validate(s => !string.IsNullOrWhiteSpace(s.ApiKey), "Mureka: ApiKey is required.");
        return services.AddHttpClient<MurekaClient>((provider, http) =>
            {
                var settings = provider.GetRequiredService<IOptions<MurekaClientSettings>>().Value;
                MurekaClient.Configure(http, settings.BaseUrl!, settings.ApiKey!);
                http.Timeout = TimeSpan.FromMinutes(5);
            })
            .AddHttpMessageHandler(provider => new ReadRetryHandler(provider.GetRequiredService<IOptions<MurekaClientSettings>>().Value.Client))
            .AddTypedClient((http, provider) => new MurekaClient(http, provider.GetRequiredService<IOptions<MurekaClientSettings>>().Value.Client));
    }
}
