using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Auth.Throttle;

/// <summary>
/// Authorization headers no client library would send, written on a raw socket. Never a 500: what reaches the
/// gateway is a 401 problem naming the header and counts as a refusal; what Kestrel itself refuses as malformed
/// HTTP (a NUL, bytes outside ASCII such as invalid UTF-8, a header past its size limit) is a 4xx before any of our code runs.
/// </summary>
[Collection(StackCollection.Name)]
public sealed partial class HostileAuthorizationTests(StackFixture stack) : AuthThrottleTestBase(stack)
{
    public static TheoryData<string, byte[]> Reaching => new()
    {
        { "control character", Encoding.ASCII.GetBytes("Bearer mk_live_\u0001\u0007\u001b[31m") },
        { "tab inside", Encoding.ASCII.GetBytes("Bearer mk_live_ab\tcd") },
        { "long value", Encoding.ASCII.GetBytes("Bearer mk_live_" + new string('A', 16 * 1024)) },
        { "not Bearer", Encoding.ASCII.GetBytes("Basic " + new string('=', 64)) },
    };

    [Theory]
    [MemberData(nameof(Reaching))]
    public async Task HostileHeader_401ProblemNamingTheHeader_CountedAsARefusal(string what, byte[] value)
    {
        var before = Authenticator.DatabaseLookups;
        var answers = new List<(int Status, string Body)>();
        for (var i = 0; i <= Budget; i++)
        {
            answers.Add(await SendAsync(value));
        }

        Assert.All(answers.Take(Budget), a =>
        {
            Assert.True(a.Status == 401, $"{what}: {a.Status} {a.Body}");
            Assert.Contains("Authorization header", a.Body, StringComparison.Ordinal);
        });
        Assert.Equal(429, answers[^1].Status);
        Assert.Equal(0, Authenticator.DatabaseLookups - before);
    }

    [Fact]
    public async Task NulInvalidUtf8OrOversizedHeader_RefusedByKestrelNever500()
    {
        var nul = await SendAsync([.. Encoding.ASCII.GetBytes("Bearer mk_live_"), 0x00, 0x41]);
        var utf8 = await SendAsync([.. Encoding.ASCII.GetBytes("Bearer mk_live_"), 0xC3, 0x28, 0xFF, 0xFE]);
        var huge = await SendAsync(Encoding.ASCII.GetBytes("Bearer " + new string('A', 64 * 1024)));

        Assert.InRange(nul.Status, 400, 499);
        Assert.InRange(utf8.Status, 400, 499);
        Assert.InRange(huge.Status, 400, 499);
    }

    private async Task<(int Status, string Body)> SendAsync(byte[] authorization)
    {
        var uri = new Uri(Gateway.RestUrl);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        await using var stream = client.GetStream();
        var request = new MemoryStream();
        request.Write(Encoding.ASCII.GetBytes($"GET /v1/generations HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: close\r\nAuthorization: "));
        request.Write(authorization);
        request.Write(Encoding.ASCII.GetBytes("\r\n\r\n"));
        await stream.WriteAsync(request.ToArray());
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(StatusLine().Match(response).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }

    [GeneratedRegex(@"^HTTP/1\.1 (\d{3})")]
    private static partial Regex StatusLine();
}
