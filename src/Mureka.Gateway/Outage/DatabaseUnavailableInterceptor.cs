using Grpc.Core;
using Grpc.Core.Interceptors;
using Mureka.Gateway.Data;

namespace Mureka.Gateway.Outage;

/// <summary>
/// A database outage inside a gRPC service method becomes UNAVAILABLE (retryable, with a retry delay)
/// instead of grpc-dotnet's UNKNOWN and an error log line per call.
/// </summary>
internal sealed class DatabaseUnavailableInterceptor(DatabaseAvailability availability) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException && availability.ReportFailure(e))
        {
            throw DatabaseUnavailableAnswers.Rpc();
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException && availability.ReportFailure(e))
        {
            throw DatabaseUnavailableAnswers.Rpc();
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException && availability.ReportFailure(e))
        {
            throw DatabaseUnavailableAnswers.Rpc();
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException && availability.ReportFailure(e))
        {
            throw DatabaseUnavailableAnswers.Rpc();
        }
    }
}
