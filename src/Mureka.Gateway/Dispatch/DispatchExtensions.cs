using Mureka.Gateway.Generations;

namespace Mureka.Gateway.Dispatch;

public static class DispatchExtensions
{
    public static IServiceCollection AddDispatch(this IServiceCollection services)
    {
        services.AddSingleton<GenerationEventHub>();
        services.AddSingleton<HostPool>();
        services.AddSingleton<BatchRunner>();
        services.AddSingleton<SimpleDispatcher>();
        services.AddSingleton<IGenerationDispatcher>(sp => sp.GetRequiredService<SimpleDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<SimpleDispatcher>());
        services.AddHostedService<DeadlineSweeper>();
        return services;
    }
}
