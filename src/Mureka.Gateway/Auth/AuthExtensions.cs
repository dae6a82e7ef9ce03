using Microsoft.AspNetCore.Authentication;

namespace Mureka.Gateway.Auth;

public static class AuthExtensions
{
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddHostedService<KeyChangeListener>();
        services.AddSingleton<KeyUsageRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<KeyUsageRecorder>());
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(null)
            .SetDefaultPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        return services;
    }
}
