using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Limits;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>
/// Extending a track through the gateway: the joined track and the continuation delivered, linked to the parent, the
/// parent's audio before the join (ffmpeg decodes both), and only the added seconds estimated, billed and in usage.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ExtendTests(StackFixture stack) : GatewayTestBase(stack)
{
    // A beat tracker may lock to half or double the tempo; either side agreeing that way still agrees.

    [Fact]
    public async Task Extend30sBy30s_ExactLength_ParentsAudioBeforeTheJoin_ContinuationDelivered_UsageShows30s()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);
        var parent = await PostGenerationAsync(http, new { genre = "jazz", duration_ms = 30_000, seed = 31, title = "Night Walk" });
        var parentId = parent.GetProperty("id").GetString()!;
        var parentDone = await WaitForStatusAsync(http, parentId, "succeeded", RenderTimeout);

        var estimate = await (await http.PostAsJsonAsync($"/v1/generations/{parentId}/extend/estimate", new { duration_ms = 30_000 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(estimate.TryGetProperty("billable_seconds", out _), estimate.ToString());
        using var response = await http.PostAsJsonAsync($"/v1/generations/{parentId}/extend", new { duration_ms = 30_000 });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);

        Assert.Equal(parentId, done.GetProperty("parent_id").GetString());
        Assert.Equal("Night Walk", done.GetProperty("title").GetString());
        Assert.Equal(30.0, created.GetProperty("billable_seconds").GetDouble());
        Assert.Equal(30.0, estimate.GetProperty("billable_seconds").GetDouble());
        Assert.Equal(30.0, done.GetProperty("rendered_seconds").GetDouble());
        var resolved = done.GetProperty("resolved");
        Assert.Equal(60_000, resolved.GetProperty("duration_ms").GetInt32());
        Assert.Equal([30_000], resolved.GetProperty("extends").GetProperty("durations_ms").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(parentDone.GetProperty("resolved").GetProperty("key").GetString(), resolved.GetProperty("key").GetString());
        Assert.Equal(parentDone.GetProperty("resolved").GetProperty("bpm").GetDouble(), resolved.GetProperty("bpm").GetDouble());
        Assert.Contains(done.GetProperty("audio").EnumerateArray(), a => a.GetProperty("name").GetString() == "continuation");

        // ffmpeg decodes the three files: exact lengths, and the parent's audio up to the bar before the join.
        var join = done.GetProperty("metadata").GetProperty("continuation");
        var sampleRate = done.GetProperty("metadata").GetProperty("sample_rate").GetInt32();
        var full = await DecodeAsync(http, $"/v1/generations/{id}/audio");
        var continuation = await DecodeAsync(http, $"/v1/generations/{id}/continuation");
        var original = await DecodeAsync(http, $"/v1/generations/{parentId}/audio");
        Assert.Equal(60 * sampleRate * 2, full.Length);
        Assert.Equal(full.Length - (2 * join.GetProperty("join_frame").GetInt64()), continuation.Length);
        Assert.Equal(full.AsSpan((int)(2 * join.GetProperty("join_frame").GetInt64())).ToArray(), continuation);
        var barFrames = sampleRate * 60.0 / resolved.GetProperty("bpm").GetDouble() * 4;
        var compared = (int)(2 * (join.GetProperty("join_frame").GetInt64() - barFrames));
        Assert.True(Correlation(original, full, compared) > 0.99, "before the join the extension is the parent");

        // Measured on both sides by the independent meter (ops/qc/qc.py: aubio beats, numpy chroma): the same tempo and key.
        var heard = await Task.WhenAll(MeasureAsync(http, $"/v1/generations/{parentId}/audio"), MeasureAsync(http, $"/v1/generations/{id}/continuation"));
        Assert.Equal(heard[0].Key, heard[1].Key);
        Assert.True(QcMeter.SameTempo(heard[1].Bpm, heard[0].Bpm), $"tempo {heard[0].Bpm} bpm before the join, {heard[1].Bpm} after");

        var today = DateTime.UtcNow.Date;
        var usage = await http.GetFromJsonAsync<JsonElement>($"/v1/usage?from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}&granularity=day");
        Assert.Equal(60m, usage.GetProperty("total_rendered_seconds").GetDecimal());
        Assert.Equal(60m, usage.GetProperty("total_estimated_seconds").GetDecimal());
    }

    [Fact]
    public async Task Refusals_NamedWithTheRightStatus_AndNothingStored()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        var (_, otherKey) = await PlanFixtures.CreateTenantAsync(Gateway);
        using var http = Gateway.Http(key);
        using var other = Gateway.Http(otherKey);
        var track = await PostGenerationAsync(http, new { genre = "ambient", duration_ms = 10_000, seed = 2 });
        var trackId = track.GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, trackId, "succeeded", RenderTimeout);
        var loop = (await PostGenerationAsync(http, new { genre = "house", duration_ms = 8_000, loop = true, seed = 2 })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(http, loop, "succeeded", RenderTimeout);
        var before = await GenerationListing.IdsAsync(http, "");

        async Task<JsonElement> ExpectAsync(HttpClient client, string id, object body, HttpStatusCode status, ProblemType type)
        {
            using var response = await client.PostAsJsonAsync($"/v1/generations/{id}/extend", body);
            return await ProblemAssert.ResponseAsync(response, status, type);
        }

        var fields = await ExpectAsync(http, trackId, new { duration_ms = 500, genre = "rock", intensity = 9 }, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Equal(["duration_ms", "genre", "intensity"], fields.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        var tooLong = await ExpectAsync(http, trackId, new { duration_ms = 295_000 }, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Contains("at most 290000 ms", tooLong.GetProperty("errors").GetProperty("duration_ms")[0].GetString(), StringComparison.Ordinal);
        await ExpectAsync(http, trackId, new { }, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        await ExpectAsync(http, loop, new { duration_ms = 8_000 }, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        await ExpectAsync(other, trackId, new { duration_ms = 8_000 }, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await ExpectAsync(http, "not-an-id", new { duration_ms = 8_000 }, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await ExpectAsync(http, Guid.NewGuid().ToString(), new { duration_ms = 8_000 }, HttpStatusCode.NotFound, ProblemTypes.NotFound);

        // A track that did not succeed (canceled while queued) cannot be extended.
        var canceled = (await PostGenerationAsync(http, new { genre = "rock", duration_ms = 300_000, seed = 5 })).GetProperty("id").GetString()!;
        await http.PostAsync($"/v1/generations/{canceled}/cancel", null);
        var state = (await Poll.UntilAsync(() => GetGenerationAsync(http, canceled), g => g.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled", RenderTimeout, "the canceled track settling"))
            .GetProperty("status").GetString();
        if (state != "succeeded")
        {
            var conflict = await ExpectAsync(http, canceled, new { duration_ms = 8_000 }, HttpStatusCode.Conflict, ProblemTypes.Conflict);
            Assert.Contains("only a succeeded track", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before.Append(canceled).Order(), (await GenerationListing.IdsAsync(http, "")).Order());
    }

    [Fact]
    public async Task Grpc_ExtendGeneration_AndItsRefusals()
    {
        var (_, key) = await PlanFixtures.CreateTenantAsync(Gateway);
        var auth = GatewayInstance.Auth(key);
        using var http = Gateway.Http(key);
        var parent = await Gateway.Grpc.CreateGenerationAsync(new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "acoustic-folk", DurationMs = 12_000, Seed = 4 } }, auth);
        await WaitForStatusAsync(http, parent.Generation.Id, "succeeded", RenderTimeout);

        var estimate = await Gateway.Grpc.EstimateExtensionAsync(new ExtendGenerationRequest { Id = parent.Generation.Id, DurationMs = 8_000, Intensity = 3 }, auth);
        var extended = await Gateway.Grpc.ExtendGenerationAsync(new ExtendGenerationRequest { Id = parent.Generation.Id, DurationMs = 8_000, Intensity = 3 }, auth);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.EstimateExtensionAsync(new ExtendGenerationRequest { Id = Guid.NewGuid().ToString(), DurationMs = 8_000 }, auth).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.ExtendGenerationAsync(new ExtendGenerationRequest { Id = parent.Generation.Id }, auth).ResponseAsync);

        Assert.Equal(parent.Generation.Id, extended.Generation.ParentId);
        Assert.Equal(20_000, extended.Generation.Resolved.DurationMs);
        Assert.Equal(new[] { parent.Generation.Resolved.Intensity, 3 }, extended.Generation.Resolved.Extends.Intensities);
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Equal((8.0, 20_000), (estimate.BillableSeconds, estimate.Resolved.DurationMs));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>The tempo and key ops/qc/qc.py hears in a downloaded file.</summary>
    private static async Task<(double Bpm, string Key)> MeasureAsync(HttpClient http, string url)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mureka-extend-qc-{Guid.NewGuid():N}.wav");
        try
        {
            await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync(url));
            return await QcMeter.MeasureAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<float[]> DecodeAsync(HttpClient http, string url)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mureka-extend-{Guid.NewGuid():N}.wav");
        try
        {
            await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync(url));
            var bytes = await ToolRun.OutputAsync("ffmpeg", ["-v", "error", "-i", path, "-f", "f32le", "-ac", "2", "-"]);
            var samples = new float[bytes.Length / sizeof(float)];
            Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * sizeof(float));
            return samples;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double Correlation(float[] a, float[] b, int count)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < count; i++)
        {
            ab += a[i] * (double)b[i];
            aa += a[i] * (double)a[i];
            bb += b[i] * (double)b[i];
        }

        return ab / Math.Sqrt(aa * bb);
    }
}
