using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Storage;

/// <summary>
/// Gateways that keep audio in one S3-compatible bucket: what one renders, another serves, either streamed (with
/// ranges and ETags as from a file) or as a redirect to a presigned URL.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class S3GatewayTests(StackFixture stack, S3ServerFixture s3) : GatewayTestBase(stack), IClassFixture<S3ServerFixture>
{
    private readonly string _prefix = $"gw-{Guid.NewGuid():N}/";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        foreach (var (key, value) in s3.Server.GatewaySettings)
        {
            settings[key] = value;
        }

        settings["Gateway:AudioStore:S3:Prefix"] = _prefix;
    }

    [Fact]
    public async Task RenderedThroughOneGateway_DownloadedFromAnother_StreamedWithRangesAndEtag()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 3000, stems = true })).GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());

        // Another replica with an empty audio folder of its own: the bytes can only come from the bucket.
        var otherRoot = Directory.CreateTempSubdirectory("mureka-gw-other-").FullName;
        await using var other = await GatewayInstance.StartAsync(ConnectionString, otherRoot, Hosts, Configure);
        using var otherHttp = other.Http(key);
        using var whole = await otherHttp.GetAsync($"/v1/generations/{id}/audio");
        var bytes = await whole.Content.ReadAsByteArrayAsync();
        using var rangeRequest = new HttpRequestMessage(HttpMethod.Get, $"/v1/generations/{id}/audio");
        rangeRequest.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var range = await otherHttp.SendAsync(rangeRequest);
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/v1/generations/{id}/audio");
        again.Headers.IfNoneMatch.Add(whole.Headers.ETag!);
        using var notModified = await otherHttp.SendAsync(again);
        using var stem = await otherHttp.GetAsync($"/v1/generations/{id}/stems/drums");

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("audio/wav", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\"", whole.Headers.ETag?.Tag);
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(bytes[1000..2000], await range.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stem.StatusCode);
        Assert.Empty(Directory.EnumerateFiles(AudioRoot, "*", SearchOption.AllDirectories));
        Directory.Delete(otherRoot, recursive: true);
    }

    [Fact]
    public async Task RedirectDownloads_PresignedLocationServesTheSameBytes_EtagStillAnswered304()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 2000 })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        var otherRoot = Directory.CreateTempSubdirectory("mureka-gw-other-").FullName;
        await using var redirecting = await GatewayInstance.StartAsync(ConnectionString, otherRoot, Hosts, settings =>
        {
            Configure(settings);
            settings["Gateway:AudioStore:S3:Downloads"] = "Redirect";
        });
        using var noFollow = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(redirecting.RestUrl) };
        noFollow.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var streamed = await http.GetAsync($"/v1/generations/{id}/audio");

        using var redirect = await noFollow.GetAsync($"/v1/generations/{id}/audio");
        using var plain = new HttpClient();
        using var fetched = await plain.GetAsync(redirect.Headers.Location);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/generations/{id}/audio");
        conditional.Headers.IfNoneMatch.Add(streamed.Headers.ETag!);
        using var notModified = await noFollow.SendAsync(conditional);
        // A client that follows redirects (HttpClient drops the API key on the way) gets the audio in one call.
        using var following = redirecting.Http(key);
        using var followed = await following.GetAsync($"/v1/generations/{id}/audio");
        // A signed link (no key) answers the same way: a redirect to the bucket.
        var link = System.Text.Json.JsonDocument.Parse(await following.GetStringAsync($"/v1/generations/{id}")).RootElement.GetProperty("audio")[0].GetProperty("download_url").GetString();
        using var anonymousNoFollow = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(redirecting.RestUrl) };
        using var linkRedirect = await anonymousNoFollow.GetAsync(link);

        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.StartsWith(s3.Server.ServiceUrl, redirect.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", redirect.Headers.Location.Query, StringComparison.Ordinal);
        Assert.True(redirect.Headers.CacheControl?.NoStore);
        Assert.Equal(streamed.Headers.ETag, redirect.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(await streamed.Content.ReadAsByteArrayAsync(), await fetched.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal(await streamed.Content.ReadAsByteArrayAsync(), await followed.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Found, linkRedirect.StatusCode);
        Assert.StartsWith(s3.Server.ServiceUrl, linkRedirect.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Directory.Delete(otherRoot, recursive: true);
    }

    [Fact]
    public async Task Readiness_ReportsTheBucket()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Gateway.RestUrl) };
        using var response = await http.GetAsync("/readyz");
        var ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("audio_store").GetProperty("status").GetString());
    }
}
