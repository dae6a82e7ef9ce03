using System.Globalization;
using Grpc.Core;

namespace Mureka.Gateway.Internal;

/// <summary>
/// Answers a gRPC (or gRPC-Web) call from outside the service, before it runs (refused key or scope, rate limit,
/// database outage): a trailers-only response, an HTTP 200 whose headers carry the status, as grpc-dotnet writes
/// one. The gRPC-Web middleware reframes it for gRPC-Web callers.
/// </summary>
internal static class GrpcTrailersOnly
{
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    /// <param name="exception">Its status, detail and trailers (binary ones base64 without padding, as on the wire).</param>
    public static void Write(HttpResponse response, RpcException exception)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)exception.StatusCode).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(exception.Status.Detail);
        foreach (var entry in exception.Trailers)
        {
            response.Headers[entry.Key] = entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value;
        }
    }
}
