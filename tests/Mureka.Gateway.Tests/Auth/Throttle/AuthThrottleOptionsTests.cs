using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mureka.Gateway.Auth;

namespace Mureka.Gateway.Tests.Auth.Throttle;

/// <summary>The throttle's settings are checked when read: a zero would refuse every lookup or every refusal.</summary>
public sealed class AuthThrottleOptionsTests
{
    [Theory]
    [InlineData("MaxConcurrentLookups", "0")]
    [InlineData("RefusalsPerMinute", "0")]
    public void OutOfRange_Refused(string setting, string value)
    {
        using var services = Services(setting, value);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AuthThrottleOptions>>().Value);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_FourConcurrentLookupsTwentyRefusals()
    {
        using var services = Services("Enabled", "true");

        var options = services.GetRequiredService<IOptions<AuthThrottleOptions>>().Value;

        Assert.Equal(4, options.MaxConcurrentLookups);
        Assert.Equal(20, options.RefusalsPerMinute);
    }

    private static ServiceProvider Services(string setting, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{AuthThrottleOptions.SectionName}:{setting}"] = value })
            .Build();
        return new ServiceCollection().AddApiKeyAuthentication(configuration).BuildServiceProvider();
    }
}
