using Microsoft.AspNetCore.Authorization;
using Mureka.Accounts;

namespace Mureka.Gateway.Auth;

/// <summary>The operation needs an API key with <see cref="Scope"/> (and an API key at all).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequireScopeAttribute(ApiKeyScopes scope) : AuthorizeAttribute(ScopePolicies.NameOf(scope))
{
    public ApiKeyScopes Scope { get; } = scope;
}

/// <summary>One authorization policy per scope: the key's scope claims must hold it.</summary>
public static class ScopePolicies
{
    public static string NameOf(ApiKeyScopes scope) => "scope:" + ApiKeyScopeNames.NameOf(scope);

    public static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder builder)
    {
        foreach (var scope in new[] { ApiKeyScopes.Generate, ApiKeyScopes.Read, ApiKeyScopes.Webhooks, ApiKeyScopes.Keys })
        {
            builder.AddPolicy(NameOf(scope), policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement(scope)));
        }

        return builder;
    }
}

public sealed class ScopeRequirement(ApiKeyScopes scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public ApiKeyScopes Scope { get; } = scope;

    public string Name => ApiKeyScopeNames.NameOf(Scope);

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.HasClaim(ApiKeyClaims.Scope, requirement.Name))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
