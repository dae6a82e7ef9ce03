using Microsoft.Extensions.Options;
using Mureka.Gateway.Webhooks.Internal;

namespace Mureka.Gateway.Webhooks;

public static class WebhookExtensions
{
    /// <summary>The endpoints API, the delivery worker and its guarded HTTP client (section <c>Gateway:Webhooks</c>).</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName));
        services.AddSingleton<WebhookEndpointRepository>();
        services.AddSingleton<WebhookDeliveryRepository>();
        services.AddScoped<WebhookEndpointService>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookDeliveryWorker>();
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // Redirects could lead anywhere (a 3xx counts as a failed attempt); a proxy would hide the real destination.
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = new GuardedConnector(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowInsecureLoopback).ConnectAsync,
            })
            // Attempts are logged by the worker; the default handler logs would print every URL.
            .RemoveAllLoggers();
        return services;
    }
}
