using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mureka.Gateway.Outage;

public static class OutageExtensions
{
    /// <summary>503 / UNAVAILABLE with a retry delay while PostgreSQL is unreachable, for REST and gRPC alike.</summary>
    public static IServiceCollection AddDatabaseOutageAnswers(this IServiceCollection services)
    {
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        services.AddSingleton<DatabaseUnavailableInterceptor>();
        services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<DatabaseUnavailableInterceptor>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, DatabaseUnavailableApiDescriptionProvider>());
        return services;
    }
}
