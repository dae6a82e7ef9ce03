using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Webhooks;

/// <summary>A gateway test with a real webhook receiver on loopback, started before and stopped after the gateway.</summary>
public abstract class WebhookReceiverTestBase(StackFixture stack) : GatewayTestBase(stack)
{
    protected WebhookReceiver Receiver { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
