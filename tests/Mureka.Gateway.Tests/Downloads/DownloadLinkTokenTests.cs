using System.Security.Cryptography;
using Mureka.Gateway.Downloads;

namespace Mureka.Gateway.Tests.Downloads;

public sealed class DownloadLinkTokenTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly DownloadLinkClaim Claim = new(Guid.NewGuid(), Guid.NewGuid(), "drums", DateTimeOffset.FromUnixTimeSeconds(1_900_000_000));

    [Fact]
    public void Created_ReadsBackTheSameClaim_AndIsUrlSafe()
    {
        var token = DownloadLinkToken.Create(Key, Claim);

        Assert.Equal(Claim, DownloadLinkToken.Read(Key, token));
        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);
        Assert.InRange(token.Length, 80, DownloadLinkToken.MaxLength);
    }

    [Fact]
    public void AnyChangedCharacter_IsRefused()
    {
        var token = DownloadLinkToken.Create(Key, Claim);
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '.')
            {
                continue;
            }

            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.Null(DownloadLinkToken.Read(Key, changed));
        }
    }

    [Fact]
    public void AnotherKey_IsRefused() =>
        Assert.Null(DownloadLinkToken.Read(RandomNumberGenerator.GetBytes(32), DownloadLinkToken.Create(Key, Claim)));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.")]
    [InlineData(".abc")]
    [InlineData("a.b.c")]
    [InlineData("!!!!.????")]
    [InlineData("\0\u0001.\u007f")]
    [InlineData("\uFFFD\uD800.x")]
    public void Malformed_IsRefused(string token) => Assert.Null(DownloadLinkToken.Read(Key, token));

    [Fact]
    public void Oversized_IsRefusedBeforeDecoding()
    {
        var token = DownloadLinkToken.Create(Key, Claim);
        Assert.Null(DownloadLinkToken.Read(Key, token + new string('A', DownloadLinkToken.MaxLength)));
    }
}
