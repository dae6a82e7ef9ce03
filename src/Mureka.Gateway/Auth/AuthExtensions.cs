using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mureka.Gateway.Auth;

public static class AuthExtensions
{
    public const string MeterName = "Mureka.Gateway.Auth";

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthThrottleOptions>()
            .Bind(configuration.GetSection(AuthThrottleOptions.SectionName))
            .Validate(
                o => o.RefusalsPerMinute > 0 && o.MaxConcurrentLookups > 0 && o.MaxTrackedClients > 0 && o.Ipv6PrefixLength is >= 0 and <= 128,
                "Gateway:AuthThrottle out of range: RefusalsPerMinute, MaxConcurrentLookups and MaxTrackedClients must be positive, Ipv6PrefixLength 0 to 128.")
            .ValidateOnStart();
        services.AddSingleton<AuthThrottle>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, AuthThrottleApiDescriptionProvider>());
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddHostedService<KeyChangeListener>();
        services.AddSingleton<KeyUsageRecorder>();
        services.AddSingleton<RefusedKeyLog>();
        services.AddHostedService(sp => sp.GetRequiredService<KeyUsageRecorder>());
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .SetDefaultPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build())
            .AddScopePolicies();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, MissingScopeResultHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, ScopeApiDescriptionProvider>());
        return services;
    }
}
