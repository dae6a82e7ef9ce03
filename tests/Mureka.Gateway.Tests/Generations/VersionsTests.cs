using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Grpc.Core;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Limits;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>Versions of a track: cut-downs and alternative mixes, the same music, linked to it and licensed like it.</summary>
[Collection(StackCollection.Name)]
public sealed class VersionsTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task CutDowns_15_30_60_ExactLength_LastNoteNearTheEnd_SameMusic_LinkedAndLicensed()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);
        var parent = await PostGenerationAsync(http, new { genre = "cinematic-orchestral", duration_ms = 75_000, seed = 19, format = "wav", title = "Harbour Lights", labels = new { cat = "HL-001" } });
        var parentId = parent.GetProperty("id").GetString()!;

        var versions = new List<JsonElement>();
        foreach (var seconds in new[] { 15, 30, 60 })
        {
            using var response = await http.PostAsJsonAsync($"/v1/generations/{parentId}/versions", new { duration_ms = seconds * 1000 });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var created = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal($"/v1/generations/{created.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
            versions.Add(await WaitForStatusAsync(http, created.GetProperty("id").GetString()!, "succeeded", RenderTimeout));
        }

        var listed = await GenerationListing.IdsAsync(http, $"parent_id={parentId}&sort=duration_ms");
        var parentSpec = parent.GetProperty("resolved");
        foreach (var (version, seconds) in versions.Zip([15, 30, 60]))
        {
            var spec = version.GetProperty("resolved");
            var metadata = version.GetProperty("metadata");
            var requestedMs = seconds * 1000.0;
            Assert.Equal(parentId, version.GetProperty("parent_id").GetString());
            Assert.Equal("Harbour Lights", version.GetProperty("title").GetString());
            Assert.Equal("HL-001", version.GetProperty("labels").GetProperty("cat").GetString());
            foreach (var field in new[] { "genre", "mood", "bpm", "key", "time_signature", "seed", "intensity", "instruments", "format", "mix" })
            {
                Assert.Equal(parentSpec.GetProperty(field).GetRawText(), spec.GetProperty(field).GetRawText());
            }

            // Exact to the sample, and the same rule for the ending as any track: the last note within the final 10 % (at most 3 s before the end).
            Assert.Equal(requestedMs, metadata.GetProperty("duration_ms").GetDouble());
            Assert.Equal(seconds * 44_100L, metadata.GetProperty("frames").GetInt64());
            Assert.InRange(metadata.GetProperty("last_onset_ms").GetDouble(), Math.Max(0.9 * requestedMs, requestedMs - 3000), requestedMs);
            var wav = await http.GetByteArrayAsync($"/v1/generations/{version.GetProperty("id").GetString()}/audio");
            var header = Wav.Parse(wav);
            Assert.Equal(seconds * 44_100L, header.DataBytes / (header.Channels * header.BitsPerSample / 8));

            // Licensed like its parent: a certificate of its own that names the track it was cut from.
            var license = await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{version.GetProperty("id").GetString()}/license");
            var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(license.GetProperty("certificate").GetString()!.Split('.')[1])).RootElement;
            Assert.Equal(parentId, claims.GetProperty("derived_from").GetProperty("generation_id").GetString());
        }

        Assert.Equal(versions.Select(v => v.GetProperty("id").GetString()), listed);
    }

    [Fact]
    public async Task Underscore_OfATrack_SameLength_NoMelodyStem_ParentUntouched()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);
        var parent = await PostGenerationAsync(http, new { genre = "corporate-pop", duration_ms = 4000, seed = 3, stems = true });
        var parentId = parent.GetProperty("id").GetString()!;

        using var response = await http.PostAsJsonAsync($"/v1/generations/{parentId}/versions", new { mix = "underscore", title = "Bright Day (underscore)" });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var done = await WaitForStatusAsync(http, created.GetProperty("id").GetString()!, "succeeded", RenderTimeout);
        var parentNow = await GetGenerationAsync(http, parentId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("underscore", done.GetProperty("resolved").GetProperty("mix").GetString());
        Assert.Equal(4000, done.GetProperty("resolved").GetProperty("duration_ms").GetInt32());
        Assert.Equal("Bright Day (underscore)", done.GetProperty("title").GetString());
        Assert.Equal(["bass", "drums", "harmony", "mix"], done.GetProperty("audio").EnumerateArray().Select(a => a.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("full", parentNow.GetProperty("resolved").GetProperty("mix").GetString());
        Assert.False(parentNow.TryGetProperty("parent_id", out var none) && none.ValueKind != JsonValueKind.Null);
    }

    [Theory]
    [InlineData("""{"genre": "rock"}""", "genre")]
    [InlineData("""{"seed": 4, "bpm": 90, "duration_ms": 10000}""", "bpm,seed")]
    [InlineData("""{"duration_ms": 90000}""", "duration_ms")]
    [InlineData("""{"duration_ms": 500}""", "duration_ms")]
    [InlineData("""{"mix": "karaoke"}""", "mix")]
    [InlineData("""{"title": "Only a new name"}""", "body")]
    [InlineData("""{}""", "body")]
    [InlineData("""{"format": "mp3", "bit_depth": 24}""", "bit_depth")]
    [InlineData("""{"duration_ms": 10000, "colour": "red"}""", "colour")]
    [InlineData("""{"duration_ms": "short"}""", "duration_ms")]
    public async Task InvalidChanges_EveryFieldNamed_NothingStored(string body, string fields)
    {
        var (tenant, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);
        var parent = await PostGenerationAsync(http, new { genre = "jazz", duration_ms = 30_000 });

        using var response = await http.PostAsync($"/v1/generations/{parent.GetProperty("id").GetString()}/versions", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Equal(fields.Split(','), problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("select count(*) from generations where tenant_id = @tenant", new { tenant }));
    }

    [Fact]
    public async Task CutDownOfALoop_Refused()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);
        var loop = await PostGenerationAsync(http, new { genre = "chiptune", duration_ms = 8000, loop = true });

        using var response = await http.PostAsJsonAsync($"/v1/generations/{loop.GetProperty("id").GetString()}/versions", new { duration_ms = 4000 });

        var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains("loop", problem.GetProperty("errors").GetProperty("duration_ms")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownMalformedOrForeignTrack_NotFound()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        var (_, otherKey) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);
        using var other = Gateway.Http(otherKey);
        var theirs = await PostGenerationAsync(other, new { genre = "jazz", duration_ms = 20_000 });

        foreach (var id in new[] { Guid.NewGuid().ToString(), "not-an-id", theirs.GetProperty("id").GetString()! })
        {
            using var response = await http.PostAsJsonAsync($"/v1/generations/{Uri.EscapeDataString(id)}/versions", new { duration_ms = 15_000 });
            await ProblemAssert.ResponseAsync(response, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }
    }

    [Fact]
    public async Task Grpc_CreateVersion_CutDown_AndRefusals()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        var auth = GatewayInstance.Auth(key);
        var parent = await Gateway.Grpc.CreateGenerationAsync(new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "house", DurationMs = 20_000, Seed = 5 } }, auth);

        var version = await Gateway.Grpc.CreateVersionAsync(new CreateVersionRequest { Id = parent.Generation.Id, Changes = new GenerationSpec { DurationMs = 15_000, Mix = "drums_and_bass" } }, auth);
        var listed = await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest { ParentId = parent.Generation.Id }, auth);
        var bad = await Assert.ThrowsAsync<RpcException>(async () =>
            await Gateway.Grpc.CreateVersionAsync(new CreateVersionRequest { Id = parent.Generation.Id, Changes = new GenerationSpec { Genre = "rock" } }, auth));
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await Gateway.Grpc.CreateVersionAsync(new CreateVersionRequest { Id = Guid.NewGuid().ToString(), Changes = new GenerationSpec { DurationMs = 15_000 } }, auth));

        Assert.Equal(parent.Generation.Id, version.Generation.ParentId);
        Assert.Equal((15_000, "drums_and_bass", 5UL), (version.Generation.Resolved.DurationMs, version.Generation.Resolved.Mix, version.Generation.Resolved.Seed));
        Assert.Equal([version.Generation.Id], listed.Generations.Select(g => g.Id));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("genre", bad.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }
}
