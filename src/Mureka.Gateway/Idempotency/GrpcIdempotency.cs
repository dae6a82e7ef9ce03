using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Mureka.Spec;

namespace Mureka.Gateway.Idempotency;

/// <summary>
/// The <c>idempotency-key</c> metadata entry on unary gRPC calls, with the REST header's semantics and table:
/// the same key and request replays the stored response (with <c>idempotent-replayed: true</c> in the response
/// headers); a different request is FAILED_PRECONDITION; a call still running with the key is ABORTED. A call
/// that fails stores no response; as over REST, only a refused one frees the key.
/// </summary>
public sealed class GrpcIdempotency(IdempotencyRepository repository, IOptions<IdempotencyOptions> options, TimeProvider timeProvider)
{
    public const string MetadataKey = "idempotency-key";

    /// <param name="run">Runs the call; gets the reservation id to stamp stored work with (null without a key).</param>
    public async Task<TResponse> RunAsync<TResponse>(ServerCallContext context, Guid tenantId, IMessage request, MessageParser<TResponse> parser, Func<Guid?, Task<TResponse>> run)
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(run);
        var values = context.RequestHeaders.Where(h => h.Key == MetadataKey).Select(h => h.Value).ToArray();
        if (values.Length == 0)
        {
            return await run(null);
        }

        if (IdempotencyKeyHeader.Validate(values) is { } error)
        {
            throw RichStatus.InvalidArgument([new FieldError(MetadataKey, error)]);
        }

        var key = values[0];
        var fingerprint = Fingerprint(context.Method, request);
        var reservation = await repository.ReserveAsync(tenantId, key, fingerprint, timeProvider.GetUtcNow(), options.Value, context.CancellationToken);
        if (reservation is Reservation.Completed completed)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "idempotent-replayed", "true" } });
            return parser.ParseFrom(completed.Record.ResponseBody ?? []);
        }

        if (reservation is Reservation.Mismatch)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "This idempotency-key was first used with a different request. Use a new key for a new request."));
        }

        if (reservation is not Reservation.Acquired { ReservationId: var reservationId })
        {
            throw new RpcException(new Status(StatusCode.Aborted, "A call with this idempotency-key is still in progress. Retry later with the same key to get its response."));
        }

        TResponse response;
        try
        {
            response = await run(reservationId);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            // Refused before it ran: nothing was stored, the key is free.
            await repository.ReleaseAsync(tenantId, key, reservationId, CancellationToken.None);
            throw;
        }
        catch
        {
            // Work may have been stored under the reservation: a retry of the same call takes it over and finds it.
            await repository.UnlockAsync(tenantId, key, reservationId, timeProvider.GetUtcNow(), CancellationToken.None);
            throw;
        }

        // gRPC status 0 is stored as HTTP 200: a key used once over gRPC and once over REST never matches anyway (different fingerprints).
        await repository.CompleteAsync(tenantId, key, reservationId, StatusCodes.Status200OK, "{}", response.ToByteArray(), CancellationToken.None);
        return response;
    }

    private static byte[] Fingerprint(string method, IMessage request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"grpc\n{method}\n"));
        hash.AppendData(request.ToByteArray());
        return hash.GetHashAndReset();
    }
}
