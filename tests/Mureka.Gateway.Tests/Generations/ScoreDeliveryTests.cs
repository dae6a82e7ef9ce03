using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>score.mid as a deliverable: asked for, listed and licensed with the audio, read back by python3-mido.</summary>
[Collection(StackCollection.Name)]
public sealed class ScoreDeliveryTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task ScoreAskedFor_ListedDownloadableAndLicensed_MidoReadsTheTempoMetreAndSections()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        var created = await PostGenerationAsync(http, new { genre = "jazz", duration_ms = 8000, seed = 12, score = true });
        var id = created.GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);

        var score = done.GetProperty("audio").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "score");
        var bytes = await http.GetByteArrayAsync($"/v1/generations/{id}/score");
        using var viaStems = await http.GetAsync($"/v1/generations/{id}/stems/score");
        var claims = (await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{id}/license")).GetProperty("claims");
        var midi = await Mido.ReadBytesAsync(bytes);

        Assert.True(done.GetProperty("resolved").GetProperty("score").GetBoolean());
        Assert.Equal(("audio/midi", $"/v1/generations/{id}/score", (long)bytes.Length),
            (score.GetProperty("content_type").GetString(), score.GetProperty("url").GetString(), score.GetProperty("size_bytes").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, viaStems.StatusCode);
        var metadata = done.GetProperty("metadata");
        var conductor = midi.GetProperty("tracks")[0].GetProperty("metas").EnumerateArray().ToList();
        Assert.Equal((int)Math.Round(60_000_000 / metadata.GetProperty("bpm").GetDouble()), conductor.Single(m => m.GetProperty("type").GetString() == "tempo").GetProperty("value").GetInt32());
        Assert.Equal(metadata.GetProperty("time_signature").GetString(), conductor.Single(m => m.GetProperty("type").GetString() == "time").GetProperty("value").GetString());
        Assert.Equal(
            metadata.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("name").GetString()),
            conductor.Where(m => m.GetProperty("type").GetString() == "marker").Select(m => m.GetProperty("value").GetString()));
        Assert.True(midi.GetProperty("tracks").GetArrayLength() >= 3, "a conductor track and the parts");
        var licensed = claims.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "score");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), licensed.GetProperty("sha256").GetString());
        Assert.False(licensed.TryGetProperty("pcm_sha256", out _));
    }

    [Fact]
    public async Task ScoreNotAskedFor_NoScoreObject_AndItsUrlIsNotFound()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "ambient", duration_ms = 2000 })).GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);

        using var response = await http.GetAsync($"/v1/generations/{id}/score");

        Assert.False(done.GetProperty("resolved").GetProperty("score").GetBoolean());
        Assert.DoesNotContain(done.GetProperty("audio").EnumerateArray(), a => a.GetProperty("name").GetString() == "score");
        await ProblemAssert.ResponseAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }
}
