using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Mureka.Spec;

namespace Mureka.Gateway;

/// <summary>
/// gRPC errors with the standard <c>google.rpc.Status</c> in the <c>grpc-status-details-bin</c> trailer,
/// so grpcurl and Google-style clients show the details: INVALID_ARGUMENT carries a <c>BadRequest</c>
/// naming every bad field.
/// </summary>
internal static class RichStatus
{
    public const string DetailsTrailer = "grpc-status-details-bin";

    public static RpcException InvalidArgument(IReadOnlyList<FieldError> errors)
    {
        var message = "Invalid request: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(errors.Select(e => new BadRequest.Types.FieldViolation { Field = e.Field, Description = e.Message }));
        return Exception(StatusCode.InvalidArgument, message, [badRequest]);
    }

    /// <summary>The exception for <paramref name="code"/> with <paramref name="details"/> packed into the status trailer.</summary>
    public static RpcException Exception(StatusCode code, string message, IEnumerable<IMessage> details, Metadata? trailers = null)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.AddRange(details.Select(Any.Pack));
        trailers ??= [];
        trailers.Add(DetailsTrailer, status.ToByteArray());
        return new RpcException(new Grpc.Core.Status(code, message), trailers);
    }
}
