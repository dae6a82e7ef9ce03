using System.Text;
using Google.Protobuf;

namespace Mureka.Gateway.Tests.Limits;

/// <summary>Decodes google.rpc.Status with QuotaFailure, ErrorInfo and RetryInfo details, without the common-protos package.</summary>
internal sealed record RichDetails(int Code, List<string> QuotaSubjects, string? Reason, Dictionary<string, string> Metadata, long RetryDelaySeconds)
{
    public static RichDetails Parse(byte[] status)
    {
        var fields = Read(status);
        var code = (int)fields.Where(f => f.Number == 1).Select(f => f.Varint).FirstOrDefault();
        var subjects = new List<string>();
        string? reason = null;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        long retry = 0;
        foreach (var any in fields.Where(f => f.Number == 3))
        {
            var parts = Read(any.Bytes);
            var type = Text(parts.Single(f => f.Number == 1).Bytes);
            var value = parts.Single(f => f.Number == 2).Bytes;
            switch (type)
            {
                case "type.googleapis.com/google.rpc.QuotaFailure":
                    subjects.AddRange(Read(value).Where(f => f.Number == 1).Select(v => Text(Read(v.Bytes).First(f => f.Number == 1).Bytes)));
                    break;
                case "type.googleapis.com/google.rpc.ErrorInfo":
                    var info = Read(value);
                    reason = Text(info.First(f => f.Number == 1).Bytes);
                    foreach (var entry in info.Where(f => f.Number == 3).Select(f => Read(f.Bytes)))
                    {
                        metadata[Text(entry.First(f => f.Number == 1).Bytes)] = Text(entry.First(f => f.Number == 2).Bytes);
                    }

                    break;
                case "type.googleapis.com/google.rpc.RetryInfo":
                    retry = Read(Read(value).First(f => f.Number == 1).Bytes).First(f => f.Number == 1).Varint;
                    break;
            }
        }

        return new RichDetails(code, subjects, reason, metadata, retry);
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static List<(int Number, byte[] Bytes, long Varint)> Read(byte[] data)
    {
        var result = new List<(int, byte[], long)>();
        var input = new CodedInputStream(data);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.LengthDelimited:
                    result.Add((number, input.ReadBytes().ToByteArray(), 0));
                    break;
                case WireFormat.WireType.Varint:
                    result.Add((number, [], input.ReadInt64()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return result;
    }
}
