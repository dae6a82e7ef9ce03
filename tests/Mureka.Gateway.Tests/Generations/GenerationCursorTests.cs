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
    public void TryDecode_NotACursor_ReturnsFalse(string cursor) =>
        Assert.False(GenerationCursor.TryDecode(cursor, out _));

    [Fact]
    public void TryDecode_EncodedPosition_RoundTrips()
    {
        var createdAt = new DateTime(2026, 11, 24, 7, 0, 0, DateTimeKind.Utc);
        var id = Guid.CreateVersion7();

        Assert.True(GenerationCursor.TryDecode(GenerationCursor.Encode(createdAt, id), out var position));

        Assert.Equal((createdAt, id), position);
    }
}
