namespace Mureka.Inference.Host.Warmup;

public static class WarmupExtensions
{
    public static IServiceCollection AddWarmup(this IServiceCollection services)
    {
        services.AddSingleton<WarmupService>();
        services.AddHostedService<WarmupHostedService>();
        return services;
    }
}
