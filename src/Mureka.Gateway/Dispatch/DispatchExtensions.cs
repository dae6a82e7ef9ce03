using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mureka.Batching;
using Mureka.Batching.Hosts;
using Mureka.Gateway.Dispatch.Discovery;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Internal;

namespace Mureka.Gateway.Dispatch;

public static class DispatchExtensions
{
    public static IServiceCollection AddDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ILiveRelay>(sp => sp.GetRequiredService<RedisConnection>() is { Configured: true } redis
            ? new RedisLiveRelay(redis.Multiplexer, sp.GetRequiredService<ILogger<RedisLiveRelay>>())
            : new NoLiveRelay());
        services.AddSingleton<GenerationEventHub>();
        services.AddSingleton<HostClientFactory>();
        services.AddSingleton(CreateHostPool);
        services.AddHostDiscovery(configuration);
        services.AddSingleton<BatchRunner>();
        services.AddSingleton<ClaimSettlement>();
        services.AddHostedService<DeadlineSweeper>();

        return services.AddBatchingDispatcher(configuration);
    }

    /// <summary>
    /// The one host registry, seeded with the static <c>Gateway:Hosts</c> list; discovery adds and removes the
    /// rest. A removed host's channel stays open for one host-call deadline so its running batches can end.
    /// </summary>
    private static HostPool<HostClient> CreateHostPool(IServiceProvider services)
    {
        var gateway = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var options = services.GetRequiredService<IOptions<HostPoolOptions>>().Value;
        options.RemovalGrace = gateway.HostCallDeadline;
        var pool = new HostPool<HostClient>(options, services.GetRequiredService<TimeProvider>());
        var clients = services.GetRequiredService<HostClientFactory>();
        foreach (var url in gateway.Hosts.Where(h => !string.IsNullOrWhiteSpace(h)))
        {
            pool.GetOrAdd(url.Trim(), clients.Create);
        }

        return pool;
    }

    /// <summary>
    /// Registered before the health watcher and dispatchers so that the first DNS answer is in the pool before
    /// they start (hosted services start in registration order).
    /// </summary>
    private static void AddHostDiscovery(this IServiceCollection services, IConfiguration configuration)
    {
        var discovery = configuration.GetSection(HostDiscoveryOptions.SectionName).Get<HostDiscoveryOptions>() ?? new HostDiscoveryOptions();
        discovery.Validate();
        services.AddOptions<HostDiscoveryOptions>().Bind(configuration.GetSection(HostDiscoveryOptions.SectionName));
        if (discovery.Enabled)
        {
            services.TryAddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
            services.AddHostedService<DnsHostDiscovery>();
        }
    }

    private static IServiceCollection AddBatchingDispatcher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BatchingOptions>().Bind(configuration.GetSection($"{GatewayOptions.SectionName}:Batching"));
        services.AddOptions<HostPoolOptions>().Bind(configuration.GetSection($"{GatewayOptions.SectionName}:HostPool"));
        services.AddSingleton(sp => new BatchingMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
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
