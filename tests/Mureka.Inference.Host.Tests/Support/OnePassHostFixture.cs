namespace Mureka.Inference.Host.Tests.Support;

/// <summary>A host with <see cref="HostOptions.Progressive"/> off: every item rendered whole, then sent.</summary>
public sealed class OnePassHostFixture : HostFixture
{
    protected override void Configure(HostOptions options) => options.Progressive = false;
}
