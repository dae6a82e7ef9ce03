using System.Diagnostics.CodeAnalysis;
using Grpc.Core;
using Mureka.Accounts;

namespace Mureka.Gateway.Auth;

/// <summary>
/// The one way to ask who is calling, on REST and gRPC alike: the API key the authentication handler
/// accepted for this request. Claims on the user exist for authorization policies only.
/// </summary>
public static class CallerIdentity
{
    /// <summary>The authenticated key of the request; only call behind [Authorize].</summary>
    public static ApiKeyPrincipal Caller(this HttpContext context) =>
        context.TryGetCaller(out var caller) ? caller : throw new InvalidOperationException("no authenticated API key on this request");

    /// <summary>The authenticated key of the gRPC call; only call behind [Authorize].</summary>
    public static ApiKeyPrincipal Caller(this ServerCallContext context) => context.GetHttpContext().Caller();

    /// <summary>False on anonymous requests (health, metrics) and on requests whose key was refused.</summary>
    public static bool TryGetCaller(this HttpContext context, [NotNullWhen(true)] out ApiKeyPrincipal? caller)
    {
        caller = context.Items[typeof(ApiKeyPrincipal)] as ApiKeyPrincipal;
        return caller is not null;
    }

    /// <summary>Recorded once by the authentication handler.</summary>
    internal static void SetCaller(this HttpContext context, ApiKeyPrincipal caller) => context.Items[typeof(ApiKeyPrincipal)] = caller;
}
