using Grpc.HealthCheck;

namespace Mureka.Inference.Host.Health;

public static class HealthExtensions
{
    /// <summary>Standard grpc.health.v1, driven by <see cref="HostHealth"/> (warm-up and shutdown).</summary>
    public static IServiceCollection AddHostHealth(this IServiceCollection services)
    {
        services.AddSingleton<HealthServiceImpl>();
        services.AddSingleton<HostHealth>();
        services.AddHostedService(sp => sp.GetRequiredService<HostHealth>());
        services.AddGrpc();
        services.AddGrpcReflection();
        return services;
    }

    public static WebApplication MapHostHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<HealthServiceImpl>();
        return app;
    }
}
