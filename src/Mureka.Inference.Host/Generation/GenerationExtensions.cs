using Mureka.Inference.Host.Generation.Internal;

namespace Mureka.Inference.Host.Generation;

public static class GenerationExtensions
{
    public static IServiceCollection AddGeneration(this IServiceCollection services)
    {
        services.AddGrpc();
        services.AddSingleton(sp => new CapacityLimiter(sp.GetRequiredService<HostOptions>().EffectiveCapacity));
        services.AddSingleton<RunningItems>();
        services.AddSingleton<BatchGenerator>();
        services.AddSingleton<AdaptiveSetGenerator>();
        return services;
    }
}
