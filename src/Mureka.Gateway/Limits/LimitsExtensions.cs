using Microsoft.Extensions.Options;
using Mureka.Gateway.Internal;

namespace Mureka.Gateway.Limits;

public static class LimitsExtensions
{
    public const string MeterName = "Mureka.Gateway.Limits";

    /// <summary>Plans, quota standings, and the per-key request rate limiter (Redis when <c>Gateway:RateLimit:Redis</c> is set).</summary>
    public static IServiceCollection AddPlanLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName));
        services.AddSingleton<LimitsRepository>();
        services.AddSingleton<PlanCatalog>();
        services.AddSingleton<QuotaSnapshots>();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<IRequestRateStore>(sp =>
        {
            var redis = sp.GetRequiredService<RedisConnection>();
            return redis.Configured
                ? new RedisRateStore(redis.Multiplexer, sp.GetRequiredService<IOptions<RateLimitOptions>>().Value, sp.GetRequiredService<TimeProvider>())
                : new InProcessRateStore(sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<RateLimitHeaders>();
        services.AddSingleton<ApiKeyRateLimiter>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RateLimitRejection.WriteAsync;
        });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<ApiKeyRateLimiter>((o, limiter) => o.GlobalLimiter = limiter);
        return services;
    }
}
