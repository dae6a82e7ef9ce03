namespace Mureka.Gateway.Generations;

/// <summary>
/// gRPC-Web on the REST port (HTTP/1.1), so a browser can call the public gRPC service, streaming included, with
/// any gRPC-Web client. Any origin may call it: the API key travels in the <c>authorization</c> header, never in a
/// cookie, so there is no ambient credential for another site to borrow.
/// </summary>
internal static class GrpcWebAccess
{
    public const string CorsPolicy = "grpc-web";

    public static IServiceCollection AddGrpcWebAccess(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods("POST")
            .WithHeaders("authorization", "content-type", "x-grpc-web", "x-user-agent", "grpc-timeout", "idempotency-key")
            .WithExposedHeaders("grpc-status", "grpc-message", "grpc-status-details-bin", "request-id", "retry-after")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
}
