using Microsoft.Extensions.Options;
using Mureka.Batching;
using Mureka.Batching.Hosts;
using Mureka.Gateway.Generations;
using PoolOfHosts = Mureka.Batching.Hosts.HostPool;

namespace Mureka.Gateway.Dispatch;

public static class DispatchExtensions
{
    public static IServiceCollection AddDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<GenerationEventHub>();
        services.AddSingleton<HostPool>();
        services.AddSingleton<BatchRunner>();
        services.AddHostedService<DeadlineSweeper>();

        var kind = configuration[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Dispatcher)}"] ?? new GatewayOptions().Dispatcher;
        if (string.Equals(kind, DispatcherKinds.Batching, StringComparison.OrdinalIgnoreCase))
        {
            return services.AddBatchingDispatcher(configuration);
        }

        if (!string.Equals(kind, DispatcherKinds.Simple, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Gateway:Dispatcher must be '{DispatcherKinds.Batching}' or '{DispatcherKinds.Simple}', not '{kind}'.");
        }

        services.AddSingleton<SimpleDispatcher>();
        services.AddSingleton<IGenerationDispatcher>(sp => sp.GetRequiredService<SimpleDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<SimpleDispatcher>());
        return services;
    }

    private static IServiceCollection AddBatchingDispatcher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BatchingOptions>().Bind(configuration.GetSection($"{GatewayOptions.SectionName}:Batching"));
        services.AddOptions<HostPoolOptions>().Bind(configuration.GetSection($"{GatewayOptions.SectionName}:HostPool"));
        services.AddSingleton(sp => new BatchingMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp =>
        {
            var pool = new PoolOfHosts(sp.GetRequiredService<IOptions<HostPoolOptions>>().Value, sp.GetRequiredService<TimeProvider>());
            foreach (var host in sp.GetRequiredService<HostPool>().Hosts)
            {
                pool.AddHost(host.Url);
            }

            return pool;
        });
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<LeaseOwner>();
        services.AddSingleton<LeaseKeeper>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseKeeper>());
        services.AddSingleton<BatchExecutor>();
        services.AddSingleton<BatchingDispatcher>();
        services.AddSingleton<IGenerationDispatcher>(sp => sp.GetRequiredService<BatchingDispatcher>());
        services.AddHostedService<HostHealthWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<BatchingDispatcher>());
        return services;
    }
}
