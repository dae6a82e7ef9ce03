using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Downloads;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Downloads;

/// <summary>Expiring signed download links: an audio object's download_url works without a key, on any replica, until it expires.</summary>
[Collection(StackCollection.Name)]
public sealed class DownloadLinkTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task DownloadUrl_WithoutAKey_OnAnotherReplica_ServesTheSameBytesWithRanges()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "chiptune", duration_ms = 2000, stems = true })).GetProperty("id").GetString()!;
        var readAt = DateTimeOffset.UtcNow;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        var audio = done.GetProperty("audio").EnumerateArray().ToList();
        var mix = audio.Single(a => a.GetProperty("name").GetString() == "mix");
        var drums = audio.Single(a => a.GetProperty("name").GetString() == "drums");
        var link = mix.GetProperty("download_url").GetString()!;
        var expiresAt = mix.GetProperty("download_expires_at").GetDateTimeOffset();
        var withKey = await http.GetByteArrayAsync(mix.GetProperty("url").GetString());
        var drumsWithKey = await http.GetByteArrayAsync(drums.GetProperty("url").GetString());

        // Another replica: it verifies with the key in the database, not one of its own.
        await using var other = await GatewayInstance.StartAsync(ConnectionString, AudioRoot, Hosts);
        using var anonymous = new HttpClient { BaseAddress = new Uri(other.RestUrl) };
        using var whole = await anonymous.GetAsync(link);
        using var rangeRequest = new HttpRequestMessage(HttpMethod.Get, link);
        rangeRequest.Headers.Range = new RangeHeaderValue(100, 1099);
        using var range = await anonymous.SendAsync(rangeRequest);
        using var stem = await anonymous.GetAsync(drums.GetProperty("download_url").GetString());
        var grpc = await other.Grpc.GetGenerationAsync(new GetGenerationRequest { Id = id }, GatewayInstance.Auth(key));
        var listed = JsonDocument.Parse(await http.GetStringAsync("/v1/generations")).RootElement.GetProperty("data")[0];

        Assert.StartsWith(DownloadLinkSigner.PathPrefix, link, StringComparison.Ordinal);
        Assert.InRange(expiresAt, readAt.AddMinutes(60), DateTimeOffset.UtcNow.AddMinutes(65));
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("audio/wav", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", whole.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(withKey, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(withKey[100..1100], await range.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, stem.StatusCode);
        Assert.Equal(drumsWithKey, await stem.Content.ReadAsByteArrayAsync());
        var grpcMix = grpc.Generation.Audio.Single(a => a.Name == "mix");
        Assert.StartsWith(DownloadLinkSigner.PathPrefix, grpcMix.DownloadUrl, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(grpcMix.DownloadUrl)).StatusCode);
        Assert.All(listed.GetProperty("audio").EnumerateArray(), a => Assert.StartsWith(DownloadLinkSigner.PathPrefix, a.GetProperty("download_url").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExpiredLink_Answers403SayingSo_AndAFreshReadGivesALinkThatWorks()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "chiptune", duration_ms = 1000 })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        var link = (await ReadMixAsync(http, id)).GetProperty("download_url").GetString()!;

        // A replica whose clock is two hours ahead sees the link as expired, and hands out links valid on its clock.
        await using var later = await GatewayInstance.StartAsync(ConnectionString, AudioRoot, Hosts, services: s => s.AddSingleton<TimeProvider>(new ShiftedTimeProvider(TimeSpan.FromHours(2))));
        using var anonymous = new HttpClient { BaseAddress = new Uri(later.RestUrl) };
        using var expired = await anonymous.GetAsync(link);
        using var laterHttp = later.Http(key);
        var fresh = (await ReadMixAsync(laterHttp, id)).GetProperty("download_url").GetString()!;
        using var served = await anonymous.GetAsync(fresh);

        await ProblemAssert.ResponseAsync(expired, HttpStatusCode.Forbidden, ProblemTypes.DownloadLinkExpired);
        Assert.NotEqual(link, fresh);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task ForgedMangledOrHostileTokens_Answer403_AndALinkToNothing404()
    {
        var (tenantId, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "chiptune", duration_ms = 1000 })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        var link = (await ReadMixAsync(http, id)).GetProperty("download_url").GetString()!;
        var token = link[DownloadLinkSigner.PathPrefix.Length..];
        var signer = await Gateway.Services.GetRequiredService<DownloadLinks>().SignerAsync(CancellationToken.None);
        using var anonymous = new HttpClient { BaseAddress = new Uri(Gateway.RestUrl) };

        string[] hostile =
        [
            token[..^1] + (token[^1] == 'A' ? 'B' : 'A'),
            token[..(token.Length / 2)],
            "x",
            "%01%1F.%7F",
            "%FF%FE.%C3%28",
            new string('A', 5000),
        ];
        foreach (var bad in hostile)
        {
            using var response = await anonymous.GetAsync(DownloadLinkSigner.PathPrefix + bad);
            await ProblemAssert.ResponseAsync(response, HttpStatusCode.Forbidden, ProblemTypes.DownloadLinkInvalid);
        }

        // A NUL in the path is refused by the HTTP server itself, before the application sees the request.
        using var nul = await anonymous.GetAsync(DownloadLinkSigner.PathPrefix + "%00.x");
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);

        using var nothing = await anonymous.GetAsync(signer.PathFor(tenantId, Guid.NewGuid(), "mix"));
        using var otherTenant = await anonymous.GetAsync(signer.PathFor(Guid.NewGuid(), Guid.Parse(id), "mix"));
        using var noStem = await anonymous.GetAsync(signer.PathFor(tenantId, Guid.Parse(id), "drums"));
        await ProblemAssert.ResponseAsync(nothing, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await ProblemAssert.ResponseAsync(otherTenant, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await ProblemAssert.ResponseAsync(noStem, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    private static async Task<JsonElement> ReadMixAsync(HttpClient http, string id) =>
        JsonDocument.Parse(await http.GetStringAsync($"/v1/generations/{id}")).RootElement
            .GetProperty("audio").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "mix");
}
