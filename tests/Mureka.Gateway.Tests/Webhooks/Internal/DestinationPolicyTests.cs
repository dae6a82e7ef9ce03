using System.Net;
using Mureka.Gateway.Webhooks.Internal;

namespace Mureka.Gateway.Tests.Webhooks.Internal;

public sealed class DestinationPolicyTests
{
    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("ff02::1")]
    [InlineData("::")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:a00:1::")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void IsAllowed_NonPublicAddress_Refused(string address)
    {
        Assert.False(DestinationPolicy.IsAllowed(IPAddress.Parse(address), allowLoopback: false));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    public void IsAllowed_PublicAddress_Allowed(string address)
    {
        Assert.True(DestinationPolicy.IsAllowed(IPAddress.Parse(address), allowLoopback: false));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.1", false)]
    public void IsAllowed_LoopbackAllowed_OnlyLoopbackOpens(string address, bool allowed)
    {
        Assert.Equal(allowed, DestinationPolicy.IsAllowed(IPAddress.Parse(address), allowLoopback: true));
    }
}
