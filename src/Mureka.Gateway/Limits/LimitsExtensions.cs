using Microsoft.Extensions.Options;
using StackExchange.Redis;

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
        services.AddSingleton<IRequestRateStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.Redis))
            {
                return new InProcessRateStore(sp.GetRequiredService<TimeProvider>());
            }

            // Not AbortOnConnectFail: the gateway starts and serves (failing open) while Redis is down, and reconnects on its own.
            var redis = ConfigurationOptions.Parse(options.Redis);
            redis.AbortOnConnectFail = false;
            redis.ConnectTimeout = (int)options.RedisTimeout.TotalMilliseconds * 4;
            return new RedisRateStore(ConnectionMultiplexer.Connect(redis), options, sp.GetRequiredService<TimeProvider>());
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
