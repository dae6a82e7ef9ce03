using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Mureka.Accounts;
using Mureka.Gateway.Internal;
using Mureka.Gateway.Problems;

namespace Mureka.Gateway.Auth;

/// <summary>
/// A valid key without the scope an operation needs: REST answers a 403 problem naming the scope, gRPC
/// PERMISSION_DENIED with the same words. Everything else is answered as the framework does.
/// </summary>
internal sealed class MissingScopeResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden || authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ScopeRequirement>().FirstOrDefault() is not { } missing)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var held = context.TryGetCaller(out var caller) ? string.Join(", ", ApiKeyScopeNames.ToNames(caller.Scopes)) : "";
        var detail = $"This API key lacks the '{missing.Name}' scope this operation needs (it has: {held}). Use a key with that scope, or create one with POST /v1/api-keys.";
        if (GrpcTrailersOnly.IsGrpc(context.Request))
        {
            GrpcTrailersOnly.Write(context.Response, new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.PermissionDenied, detail)));
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Type = ProblemTypes.MissingScope.Uri,
                Status = ProblemTypes.MissingScope.Status,
                Title = ProblemTypes.MissingScope.Title,
                Detail = detail,
                Extensions = { ["required_scope"] = missing.Name },
            },
        });
    }
}
