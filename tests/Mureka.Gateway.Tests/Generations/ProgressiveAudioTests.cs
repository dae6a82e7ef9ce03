using System.Net;
using System.Text.Json;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>GET /v1/generations/{id}/audio/stream: the mix as it renders, ending byte-identical to the stored file.</summary>
[Collection(StackCollection.Name)]
public sealed class ProgressiveAudioTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task StreamWhileRendering_EndsWithExactlyTheStoredMix()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "house", duration_ms = 60000, format = "wav", seed = 11 })).GetProperty("id").GetString();

        // Asked for at once: the job is queued or running, and the answer follows the render.
        using var streamed = await http.GetAsync($"/v1/generations/{id}/audio/stream", HttpCompletionOption.ResponseHeadersRead);
        // The answer began while the render still ran: the first bytes came with the job unfinished.
        var whenHeadersCame = JsonDocument.Parse(await http.GetStringAsync($"/v1/generations/{id}")).RootElement.GetProperty("status").GetString();
        var bytes = await streamed.Content.ReadAsByteArrayAsync();
        var stored = await http.GetByteArrayAsync($"/v1/generations/{id}/audio");
        using var afterwards = await http.GetAsync($"/v1/generations/{id}/audio/stream");

        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.True(streamed.Headers.TransferEncodingChunked, "streamed without a length");
        Assert.Equal("running", whenHeadersCame);
        Assert.Equal("audio/wav", streamed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(stored, bytes);
        Assert.InRange(Wav.Parse(bytes).Duration.TotalMilliseconds, 59900, 60100);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        Assert.Equal(stored, await afterwards.Content.ReadAsByteArrayAsync());
        Assert.Equal(stored.Length, afterwards.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task CanceledBeforeAnyByte_AnswersTheDownloadsConflict_UnknownIs404()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "cinematic-orchestral", duration_ms = 180000, seed = 3 })).GetProperty("id").GetString();
        using var cancel = await http.PostAsync($"/v1/generations/{id}/cancel", null);
        var status = JsonDocument.Parse(await cancel.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();

        using var streamed = await http.GetAsync($"/v1/generations/{id}/audio/stream");
        using var unknown = await http.GetAsync($"/v1/generations/{Guid.NewGuid()}/audio/stream");

        // The cancel lands before the render's first byte on this 3-minute track.
        Assert.Equal("canceled", status);
        await ProblemAssert.ResponseAsync(streamed, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        await ProblemAssert.ResponseAsync(unknown, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }
}
