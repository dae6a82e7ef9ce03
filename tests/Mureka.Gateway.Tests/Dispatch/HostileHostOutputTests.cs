using Dapper;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Dispatch;

/// <summary>
/// A host that sends a path-climbing object name, more bytes than the spec can produce, or a wrong hash: the
/// output is refused, nothing is written anywhere (least of all outside the generation), and the job ends
/// failed with a clear reason after its bounded attempts, not at its deadline.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class HostileHostOutputTests(StackFixture stack) : GatewayTestBase(stack)
{
    private static readonly Guid Victim = Guid.NewGuid();
    private HostileOutput _output;
    private HostileInferenceHost? _host;

    protected override IEnumerable<string> Hosts => _host is null ? [] : [_host.Url];

    public override Task InitializeAsync() => Task.CompletedTask;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(HostileOutput.EscapingName, "unknown audio object")]
    [InlineData(HostileOutput.Oversized, "more than its spec can produce")]
    [InlineData(HostileOutput.WrongHash, "the host reported")]
    public async Task Host_SendsBadOutput_RefusedNothingWrittenJobFailsClearly(HostileOutput output, string reason)
    {
        _output = output;
        _host = await HostileInferenceHost.StartAsync(_output, Victim);
        await base.InitializeAsync();
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        await Poll.UntilAsync(() => Task.FromResult(Gateway.Dispatcher.CheckAvailability().Accepted), ok => ok, TimeSpan.FromSeconds(10), "the hostile host serving");

        var started = DateTimeOffset.UtcNow;
        var id = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 1000 })).GetProperty("id").GetString()!;
        var failed = await WaitForStatusAsync(http, id, "failed", TimeSpan.FromSeconds(30));

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var error = failed.GetProperty("error").GetString()!;
        Assert.Contains("refused", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30), "failed after its attempts, not at the deadline");
        Assert.Equal(3, _host.Calls);

        // Nothing stored: no object anywhere under the audio root (the victim's folder included), no row, no usage.
        Assert.Empty(Directory.EnumerateFiles(AudioRoot, "*", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(AudioRoot, Victim.ToString("N"))));
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(AudioRoot)!, Victim.ToString("N"))));
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from audio_objects"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from usage_ledger"));
    }
}
