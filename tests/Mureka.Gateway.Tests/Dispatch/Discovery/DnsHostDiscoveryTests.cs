using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mureka.Batching.Hosts;
using Mureka.Gateway.Dispatch;
using Mureka.Gateway.Dispatch.Discovery;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Dispatch.Discovery;

/// <summary>The pool follows what DNS answers; lookups here are scripted, channels are created but never dialled.</summary>
public sealed class DnsHostDiscoveryTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedResolver _resolver = new();
    private readonly HostPool<HostClient> _hosts;
    private readonly HostClientFactory _clients;

    public DnsHostDiscoveryTests()
    {
        _clients = new HostClientFactory(Options.Create(new GatewayOptions()), NullLoggerFactory.Instance, _time);
        _hosts = new HostPool<HostClient>(new HostPoolOptions(), _time);
        _hosts.GetOrAdd("http://10.9.9.9:7001", _clients.Create);
    }

    public void Dispose() => _hosts.Dispose();

    [Fact]
    public async Task Refresh_NewAddresses_AddedWithSchemeAndPort()
    {
        var added = new List<string>();
        _hosts.Added += (_, h) => added.Add(h.Url);
        _resolver.Answer = [IPAddress.Parse("10.0.0.5"), IPAddress.Parse("fd00::7")];

        await Discovery().RefreshAsync(CancellationToken.None);

        Assert.Equal(["http://10.0.0.5:7001", "http://[fd00::7]:7001"], added);
        Assert.Equal(3, _hosts.Hosts.Count);
    }

    [Fact]
    public async Task Refresh_HostMissingOnce_KeptUntilMissedTwice()
    {
        var discovery = Discovery();
        _resolver.Answer = [IPAddress.Parse("10.0.0.5"), IPAddress.Parse("10.0.0.6")];
        await discovery.RefreshAsync(CancellationToken.None);
        var removed = new List<string>();
        _hosts.Removed += (_, h) => removed.Add(h.Url);

        _resolver.Answer = [IPAddress.Parse("10.0.0.5")];
        await discovery.RefreshAsync(CancellationToken.None);
        Assert.Empty(removed);

        await discovery.RefreshAsync(CancellationToken.None);
        Assert.Equal(["http://10.0.0.6:7001"], removed);
        Assert.Null(_hosts.Find("http://10.0.0.6:7001"));
        Assert.NotNull(_hosts.Find("http://10.0.0.5:7001"));
    }

    [Fact]
    public async Task Refresh_HostBackBeforeSecondMiss_NeverRemoved()
    {
        var discovery = Discovery();
        _resolver.Answer = [IPAddress.Parse("10.0.0.5")];
        await discovery.RefreshAsync(CancellationToken.None);
        var removed = 0;
        _hosts.Removed += (_, _) => removed++;

        _resolver.Answer = [];
        await discovery.RefreshAsync(CancellationToken.None);
        _resolver.Answer = [IPAddress.Parse("10.0.0.5")];
        await discovery.RefreshAsync(CancellationToken.None);
        _resolver.Answer = [];
        await discovery.RefreshAsync(CancellationToken.None);

        Assert.Equal(0, removed);
    }

    [Fact]
    public async Task Refresh_LookupFails_PoolUnchanged()
    {
        var discovery = Discovery();
        _resolver.Answer = [IPAddress.Parse("10.0.0.5")];
        await discovery.RefreshAsync(CancellationToken.None);

        _resolver.Failure = new SocketException((int)SocketError.HostNotFound);
        for (var i = 0; i < 5; i++)
        {
            await discovery.RefreshAsync(CancellationToken.None);
        }

        Assert.NotNull(_hosts.Find("http://10.0.0.5:7001"));
    }

    [Fact]
    public async Task Refresh_StaticHostNotListed_NeverRemoved()
    {
        var discovery = Discovery();
        _resolver.Answer = [IPAddress.Parse("10.9.9.9")];
        await discovery.RefreshAsync(CancellationToken.None);
        _resolver.Answer = [];
        for (var i = 0; i < 4; i++)
        {
            await discovery.RefreshAsync(CancellationToken.None);
        }

        Assert.NotNull(_hosts.Find("http://10.9.9.9:7001"));
    }

    [Fact]
    public async Task ExecuteAsync_RefreshIntervalElapses_ResolvesAgain()
    {
        using var discovery = Discovery();
        _resolver.Answer = [IPAddress.Parse("10.0.0.5")];
        await discovery.StartAsync(CancellationToken.None);
        Assert.Equal(1, _resolver.Calls);

        _resolver.Answer = [IPAddress.Parse("10.0.0.5"), IPAddress.Parse("10.0.0.8")];

        // The loop's timer starts on a background thread, so time moves on until the loop has seen a tick.
        await Poll.UntilAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(10));
                return Task.FromResult(_hosts.Find("http://10.0.0.8:7001") is not null);
            },
            found => found,
            TimeSpan.FromSeconds(5),
            "the host from the second lookup");
        await discovery.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a name")]
    public void Validate_BadName_Throws(string name)
    {
        var options = new HostDiscoveryOptions { DnsName = name };
        if (name.Length == 0)
        {
            options.Validate();
            Assert.False(options.Enabled);
            return;
        }

        Assert.Throws<InvalidOperationException>(options.Validate);
    }

    [Fact]
    public void Validate_BadPortOrScheme_Throws()
    {
        Assert.Throws<InvalidOperationException>(new HostDiscoveryOptions { DnsName = "hosts", Port = 0 }.Validate);
        Assert.Throws<InvalidOperationException>(new HostDiscoveryOptions { DnsName = "hosts", Scheme = "ftp" }.Validate);
    }

    private DnsHostDiscovery Discovery() => new(
        _hosts,
        _clients,
        _resolver,
        Options.Create(new HostDiscoveryOptions { DnsName = "mureka-host.internal", Port = 7001, RefreshInterval = TimeSpan.FromSeconds(10) }),
        _time,
        NullLogger<DnsHostDiscovery>.Instance);

    private sealed class ScriptedResolver : IHostAddressResolver
    {
        public IPAddress[] Answer { get; set; } = [];

        public SocketException? Failure { get; set; }

        public int Calls { get; private set; }

        public Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken)
        {
            Calls++;
            return Failure is null ? Task.FromResult(Answer) : Task.FromException<IPAddress[]>(Failure);
        }
    }
}
