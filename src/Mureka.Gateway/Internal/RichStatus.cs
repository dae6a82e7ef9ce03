using Google.Protobuf;
using Grpc.Core;
using Mureka.Engine.Requests;

namespace Mureka.Gateway;

/// <summary>
/// INVALID_ARGUMENT with the standard <c>google.rpc.Status</c> + <c>google.rpc.BadRequest</c> detail in
/// the <c>grpc-status-details-bin</c> trailer, so grpcurl and Google-style clients show every bad field.
/// Encoded by hand (three small messages) rather than adding the common-protos package for them.
/// </summary>
internal static class RichStatus
{
    public const string DetailsTrailer = "grpc-status-details-bin";
    private const string BadRequestTypeUrl = "type.googleapis.com/google.rpc.BadRequest";

    public static RpcException InvalidArgument(IReadOnlyList<FieldError> errors)
    {
        var message = "Invalid request: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
        var trailers = new Metadata { { DetailsTrailer, EncodeStatus((int)StatusCode.InvalidArgument, message, EncodeBadRequest(errors)) } };
        return new RpcException(new Status(StatusCode.InvalidArgument, message), trailers);
    }

    private static byte[] EncodeBadRequest(IReadOnlyList<FieldError> errors)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        foreach (var error in errors)
        {
            // BadRequest.field_violations = 1 { field = 1; description = 2 }
            var violation = Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString(error.Field);
                o.WriteTag(2, WireFormat.WireType.LengthDelimited);
                o.WriteString(error.Message);
            });
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(violation));
        }

        output.Flush();
        return buffer.ToArray();
    }

    private static byte[] EncodeStatus(int code, string message, byte[] badRequest) => Message(o =>
    {
        // google.rpc.Status { int32 code = 1; string message = 2; repeated Any details = 3 }
        o.WriteTag(1, WireFormat.WireType.Varint);
        o.WriteInt32(code);
        o.WriteTag(2, WireFormat.WireType.LengthDelimited);
        o.WriteString(message);
        var any = Message(a =>
        {
            a.WriteTag(1, WireFormat.WireType.LengthDelimited);
            a.WriteString(BadRequestTypeUrl);
            a.WriteTag(2, WireFormat.WireType.LengthDelimited);
            a.WriteBytes(ByteString.CopyFrom(badRequest));
        });
        o.WriteTag(3, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFrom(any));
    });

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return buffer.ToArray();
    }
}
