using System.Buffers.Binary;
using System.Text;

namespace Mureka.Testing;

/// <summary>
/// The timeline chunks of a WAV file read straight from the bytes against the RIFF, Multimedia Programming Interface
/// (cue/adtl), sampler (smpl) and ACID (acid) layouts: an independent reader of what our writer wrote, as a game
/// engine's importer reads it.
/// </summary>
public sealed record WavTimeline(
    IReadOnlyList<(uint Id, uint SampleOffset, string? Label)> Cues,
    (uint Start, uint EndInclusive, uint Type, uint PlayCount)? Loop,
    uint? SamplePeriodNs,
    (uint Flags, uint Beats, int Numerator, int Denominator, float Tempo)? Acid,
    long DataFrames)
{
    /// <exception cref="InvalidDataException">Not a RIFF/WAVE file, or a chunk runs past the end.</exception>
    public static WavTimeline Read(byte[] wav)
    {
        ArgumentNullException.ThrowIfNull(wav);
        if (wav.Length < 12 || Encoding.ASCII.GetString(wav, 0, 4) != "RIFF" || Encoding.ASCII.GetString(wav, 8, 4) != "WAVE")
        {
            throw new InvalidDataException("not a RIFF/WAVE file");
        }

        var cues = new List<(uint Id, uint Offset)>();
        var labels = new Dictionary<uint, string>();
        (uint, uint, uint, uint)? loop = null;
        uint? period = null;
        (uint, uint, int, int, float)? acid = null;
        int blockAlign = 0;
        long dataBytes = 0;
        for (var position = 12; position + 8 <= wav.Length;)
        {
            var id = Encoding.ASCII.GetString(wav, position, 4);
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(position + 4));
            if (position + 8 + size > wav.Length)
            {
                throw new InvalidDataException($"chunk '{id}' runs past the end of the file");
            }

            var body = wav.AsSpan(position + 8, size);
            switch (id)
            {
                case "fmt ":
                    blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(body[12..]);
                    break;
                case "data":
                    dataBytes = size;
                    break;
                case "cue ":
                    var count = BinaryPrimitives.ReadUInt32LittleEndian(body);
                    for (var i = 0; i < count; i++)
                    {
                        var point = body[(4 + (24 * i))..];
                        cues.Add((BinaryPrimitives.ReadUInt32LittleEndian(point), BinaryPrimitives.ReadUInt32LittleEndian(point[20..])));
                    }

                    break;
                case "LIST" when Encoding.ASCII.GetString(body[..4]) == "adtl":
                    for (var sub = 4; sub + 8 <= body.Length;)
                    {
                        var subId = Encoding.ASCII.GetString(body.Slice(sub, 4));
                        var subSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[(sub + 4)..]);
                        if (subId == "labl")
                        {
                            var text = body.Slice(sub + 12, subSize - 4);
                            labels[BinaryPrimitives.ReadUInt32LittleEndian(body[(sub + 8)..])] = Encoding.ASCII.GetString(text).TrimEnd('\0');
                        }

                        sub += 8 + subSize + (subSize & 1);
                    }

                    break;
                case "smpl":
                    period = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
                    if (BinaryPrimitives.ReadUInt32LittleEndian(body[28..]) > 0)
                    {
                        var first = body[36..];
                        loop = (BinaryPrimitives.ReadUInt32LittleEndian(first[8..]), BinaryPrimitives.ReadUInt32LittleEndian(first[12..]),
                            BinaryPrimitives.ReadUInt32LittleEndian(first[4..]), BinaryPrimitives.ReadUInt32LittleEndian(first[20..]));
                    }

                    break;
                case "acid":
                    acid = (BinaryPrimitives.ReadUInt32LittleEndian(body), BinaryPrimitives.ReadUInt32LittleEndian(body[12..]),
                        BinaryPrimitives.ReadUInt16LittleEndian(body[18..]), BinaryPrimitives.ReadUInt16LittleEndian(body[16..]), BinaryPrimitives.ReadSingleLittleEndian(body[20..]));
                    break;
            }

            position += 8 + size + (size & 1);
        }

        return new WavTimeline(
            [.. cues.Select(c => (c.Id, c.Offset, labels.TryGetValue(c.Id, out var label) ? label : null))],
            loop, period, acid, blockAlign == 0 ? 0 : dataBytes / blockAlign);
    }
}
