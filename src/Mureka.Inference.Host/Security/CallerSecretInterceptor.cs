using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Mureka.Inference.Host.Security;

/// <summary>
/// Lets only gateways call the host: every call except the health service must carry
/// <c>authorization: Bearer &lt;secret&gt;</c> with one of <see cref="HostOptions.CallerSecrets"/>. Several secrets are
/// accepted at once so a secret can be rotated without downtime (add the new one to hosts, move gateways over,
/// remove the old one). Health stays open for orchestrator probes; it reveals nothing and renders nothing.
/// Without configured secrets the host is open, and says so once at start.
/// </summary>
public sealed class CallerSecretInterceptor : Interceptor
{
    private const string HealthServicePrefix = "/grpc.health.v1.Health/";
    private readonly byte[][] _secretHashes;

    public CallerSecretInterceptor(HostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _secretHashes = options.CallerSecrets.Where(s => !string.IsNullOrWhiteSpace(s)).Select(Hash).ToArray();
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        if (_secretHashes.Length == 0 || context.Method.StartsWith(HealthServicePrefix, StringComparison.Ordinal))
        {
            return;
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "this host accepts calls from gateways only: send authorization: Bearer <host secret>"));
        }

        // Hashes of equal length compared in constant time: neither the secret nor its length leaks through timing.
        var presented = Hash(header["Bearer ".Length..]);
        var accepted = false;
        foreach (var secret in _secretHashes)
        {
            accepted |= CryptographicOperations.FixedTimeEquals(presented, secret);
        }

        if (!accepted)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "the host secret is not accepted"));
        }
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
