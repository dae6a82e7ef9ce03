using System.Buffers.Binary;
using System.Buffers.Text;
using Mureka.Gateway.Data;
using Mureka.Gateway.Generations;

namespace Mureka.Gateway.Tests.Generations;

public sealed class GenerationCursorTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("NaN")]
    [InlineData("-1")]
    [InlineData("abcde")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void TryDecode_NotACursor_ReturnsFalse(string cursor) =>
        Assert.False(GenerationCursor.TryDecode(cursor, out _));

    [Theory]
    [InlineData(GenerationSort.CreatedDescending, 639_000_000_000_000_000L)]
    [InlineData(GenerationSort.CreatedAscending, 639_000_000_000_000_000L)]
    [InlineData(GenerationSort.BpmAscending, 4638355772470722560L)]
    [InlineData(GenerationSort.DurationDescending, 30_000L)]
    public void TryDecode_EncodedPosition_RoundTrips(GenerationSort sort, long value)
    {
        var position = new GenerationPosition(sort, value, Guid.CreateVersion7());

        Assert.True(GenerationCursor.TryDecode(GenerationCursor.Encode(position), out var decoded));

        Assert.Equal(position, decoded);
    }

    [Fact]
    public void TryDecode_CursorOfAnEarlierRelease_ReadsAsNewestFirst()
    {
        var createdAt = new DateTime(2026, 11, 24, 7, 0, 0, DateTimeKind.Utc);
        var id = Guid.CreateVersion7();
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, createdAt.Ticks);
        id.TryWriteBytes(bytes[8..]);

        Assert.True(GenerationCursor.TryDecode(Base64Url.EncodeToString(bytes), out var position));

        Assert.Equal(new GenerationPosition(GenerationSort.CreatedDescending, createdAt.Ticks, id), position);
    }

    [Theory]
    [InlineData((byte)9, 0L)]
    [InlineData((byte)GenerationSort.BpmAscending, 0x7FF8000000000000L)]
    [InlineData((byte)GenerationSort.DurationAscending, -1L)]
    [InlineData((byte)GenerationSort.CreatedDescending, long.MaxValue)]
    public void TryDecode_ForgedPosition_ReturnsFalse(byte sort, long value)
    {
        Span<byte> bytes = stackalloc byte[25];
        bytes[0] = sort;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], value);

        Assert.False(GenerationCursor.TryDecode(Base64Url.EncodeToString(bytes), out _));
    }
}
