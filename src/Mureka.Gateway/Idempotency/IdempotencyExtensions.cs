using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mureka.Gateway.Idempotency;

public static class IdempotencyExtensions
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.SectionName);
        services.AddSingleton<IdempotencyRepository>();
        services.AddSingleton<GrpcIdempotency>();
        services.AddHostedService<IdempotencySweeper>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, IdempotencyApiDescriptionProvider>());
        return services;
    }

    /// <summary>After authorization: only requests that will reach their endpoint reserve a key.</summary>
    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) => app.UseMiddleware<IdempotencyMiddleware>();
}
