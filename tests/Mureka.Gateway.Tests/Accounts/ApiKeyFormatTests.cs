using Mureka.Accounts;

namespace Mureka.Gateway.Tests.Accounts;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void Generate_LiveAndTest_LooksValidWithPrefix()
    {
        var live = ApiKeyFormat.Generate(test: false);
        var test = ApiKeyFormat.Generate(test: true);

        Assert.StartsWith("mk_live_", live, StringComparison.Ordinal);
        Assert.StartsWith("mk_test_", test, StringComparison.Ordinal);
        Assert.True(ApiKeyFormat.LooksValid(live));
        Assert.True(ApiKeyFormat.LooksValid(test));
        Assert.Equal(ApiKeyFormat.Length, live.Length);
        Assert.NotEqual(ApiKeyFormat.Generate(false), ApiKeyFormat.Generate(false));
    }

    [Fact]
    public void LooksValid_OneCharacterChanged_Refused()
    {
        var key = ApiKeyFormat.Generate(test: false);
        var position = 20;
        var replaced = key[position] == 'a' ? 'b' : 'a';

        var typo = key[..position] + replaced + key[(position + 1)..];

        Assert.False(ApiKeyFormat.LooksValid(typo));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("mk_live_short")]
    [InlineData("sk_live_0000000000000000000000000000000000000000")]
    [InlineData("mk_live_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void LooksValid_Malformed_Refused(string? key) => Assert.False(ApiKeyFormat.LooksValid(key));

    [Fact]
    public void Generate_Randomness_AtLeast160Bits()
    {
        // 32 characters from a 62-letter alphabet.
        Assert.True(ApiKeyFormat.RandomLength * Math.Log2(62) >= 160);
    }
}
