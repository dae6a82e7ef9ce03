using Mureka.Gateway.Tests.Support;

namespace Mureka.Sdk.Tests;

/// <summary>A fresh database and gateway per test class (see <see cref="GatewayTestBase"/>) plus a tenant with one API key.</summary>
public abstract class SdkTestBase(StackFixture stack) : GatewayTestBase(stack)
{
    protected string ApiKey { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ApiKey = (await Gateway.CreateTenantAsync()).Key;
    }

    protected MurekaClient CreateClient(MurekaClientOptions? options = null) =>
        MurekaClient.Create(new Uri(Gateway.RestUrl), ApiKey, options ?? new MurekaClientOptions { InitialPollInterval = TimeSpan.FromMilliseconds(100) });
}
