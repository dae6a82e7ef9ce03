using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>
/// The catalogue: titles and labels on generations, and every list filter and sort, over REST and gRPC. Four
/// tracks that differ in every searchable field; dispatch disabled, since what is filed is the request as resolved.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class CatalogueTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Fact]
    public async Task EveryFilter_FindsExactlyTheTracksFiledUnderIt()
    {
        var (http, t) = await CatalogueAsync();

        Assert.Equal([t.A], await GenerationListing.IdsAsync(http, "mood=calm"));
        Assert.Equal([t.A], await GenerationListing.IdsAsync(http, "key=D%20minor"));
        Assert.Equal([t.A], await GenerationListing.IdsAsync(http, "key=Dm"));
        // A bare tonic matches both modes, however it is spelled (C was asked for as A#m, stored as Bb minor).
        Assert.Equal([t.D, t.C], await GenerationListing.IdsAsync(http, "key=Bb"));
        Assert.Equal([t.D, t.C], await GenerationListing.IdsAsync(http, "key=A%23"));
        Assert.Equal([t.C], await GenerationListing.IdsAsync(http, "key=Bb&mode=minor"));
        Assert.Equal([t.D, t.B], await GenerationListing.IdsAsync(http, "mode=major"));
        Assert.Equal([t.D], await GenerationListing.IdsAsync(http, "min_bpm=100&max_bpm=130"));
        Assert.Equal([t.B], await GenerationListing.IdsAsync(http, "min_bpm=150"));
        Assert.Equal([t.C, t.A], await GenerationListing.IdsAsync(http, "max_bpm=90"));
        Assert.Equal([t.C, t.B], await GenerationListing.IdsAsync(http, "min_duration_ms=3000&max_duration_ms=4000"));
        Assert.Equal([t.B], await GenerationListing.IdsAsync(http, "intensity=3"));
        Assert.Equal([t.B], await GenerationListing.IdsAsync(http, "loop=true"));
        Assert.Equal([t.D, t.C, t.A], await GenerationListing.IdsAsync(http, "loop=false"));
        Assert.Equal([t.C], await GenerationListing.IdsAsync(http, "stems=true"));
        Assert.Equal([t.B, t.A], await GenerationListing.IdsAsync(http, "label=client:acme"));
        Assert.Equal([t.A], await GenerationListing.IdsAsync(http, "label=client:acme&label=catalogue_no:MRK-0001"));
        Assert.Empty(await GenerationListing.IdsAsync(http, "label=client:initech"));
        Assert.Equal([t.D, t.A], await GenerationListing.IdsAsync(http, "q=piano"));
        Assert.Equal([t.A], await GenerationListing.IdsAsync(http, "q=harbour"));
        Assert.Equal([t.A], await GenerationListing.IdsAsync(http, "q=piano%20-club"));
        Assert.Equal([t.C], await GenerationListing.IdsAsync(http, "q=%22night%20drift%22"));
        Assert.Equal([t.C], await GenerationListing.IdsAsync(http, "genre=ambient&mood=dark&stems=true&max_bpm=80&key=Bb&q=pads"));

        var b = await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{t.B}");
        var createdB = Uri.EscapeDataString(b.GetProperty("created_at").GetString()!);
        Assert.Equal([t.D, t.C, t.B], await GenerationListing.IdsAsync(http, $"created_after={createdB}"));
        Assert.Equal([t.A], await GenerationListing.IdsAsync(http, $"created_before={createdB}"));
    }

    [Fact]
    public async Task Sorts_PageInTheirOwnOrder_AndACursorKeepsItsSort()
    {
        var (http, t) = await CatalogueAsync();

        Assert.Equal([t.C, t.A, t.D, t.B], await GenerationListing.IdsAsync(http, "sort=bpm&limit=1"));
        Assert.Equal([t.B, t.D, t.A, t.C], await GenerationListing.IdsAsync(http, "sort=-bpm&limit=3"));
        Assert.Equal([t.D, t.B, t.C, t.A], await GenerationListing.IdsAsync(http, "sort=-duration_ms&limit=1"));
        Assert.Equal([t.A, t.C, t.B, t.D], await GenerationListing.IdsAsync(http, "sort=duration_ms&limit=2"));
        Assert.Equal([t.A, t.B, t.C, t.D], await GenerationListing.IdsAsync(http, "sort=created_at&limit=1"));
        Assert.Equal([t.D, t.C, t.B, t.A], await GenerationListing.IdsAsync(http, "limit=1"));

        var first = await http.GetFromJsonAsync<JsonElement>("/v1/generations?sort=bpm&limit=1");
        using var mixed = await http.GetAsync($"/v1/generations?sort=-duration_ms&cursor={Uri.EscapeDataString(first.GetProperty("next_cursor").GetString()!)}");
        var problem = await ProblemAssert.ResponseAsync(mixed, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Fact]
    public async Task TitleAndLabels_ReturnedAsGiven_RestAndGrpc()
    {
        var (http, t) = await CatalogueAsync();

        var a = await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{t.A}");
        var d = await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{t.D}");
        var grpc = await Gateway.Grpc.GetGenerationAsync(new GetGenerationRequest { Id = t.A }, GatewayInstance.Auth(t.Key));

        Assert.Equal("Harbour Dawn — 30 s edit", a.GetProperty("title").GetString());
        Assert.Equal("MRK-0001", a.GetProperty("labels").GetProperty("catalogue_no").GetString());
        Assert.False(d.TryGetProperty("title", out _));
        Assert.Empty(d.GetProperty("labels").EnumerateObject());
        Assert.Equal("Harbour Dawn — 30 s edit", grpc.Generation.Title);
        Assert.Equal("acme", grpc.Generation.Labels["client"]);
    }

    [Fact]
    public async Task Grpc_SameFiltersAndSorts()
    {
        var (_, t) = await CatalogueAsync();
        var auth = GatewayInstance.Auth(t.Key);

        var request = new ListGenerationsRequest { Key = "Bb", Sort = "bpm", MaxBpm = 130, CreatedAfter = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch) };
        var page = await Gateway.Grpc.ListGenerationsAsync(request, auth);
        var labelled = new ListGenerationsRequest { Loop = false, Q = "piano" };
        labelled.Labels.Add("client", "acme");
        var byLabel = await Gateway.Grpc.ListGenerationsAsync(labelled, auth);
        var created = await Gateway.Grpc.CreateGenerationAsync(
            new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "jazz", DurationMs = 2000, Title = "From gRPC", Labels = { ["via"] = "grpc" } } }, auth);
        var bad = await Assert.ThrowsAsync<RpcException>(async () =>
            await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest { MinBpm = double.NaN, Sort = "title" }, auth));

        Assert.Equal([t.C, t.D], page.Generations.Select(g => g.Id));
        Assert.Equal([t.A], byLabel.Generations.Select(g => g.Id));
        Assert.Equal(("From gRPC", "grpc"), (created.Generation.Title, created.Generation.Labels["via"]));
        var badTime = await Assert.ThrowsAsync<RpcException>(async () =>
            await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest { CreatedBefore = new Timestamp { Seconds = long.MaxValue } }, auth));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("min_bpm", bad.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("sort", bad.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, badTime.StatusCode);
        Assert.Contains("created_before", badTime.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("min_bpm=abc", "min_bpm")]
    [InlineData("min_bpm=120&max_bpm=100", "max_bpm")]
    [InlineData("min_bpm=-5", "min_bpm")]
    [InlineData("max_duration_ms=999999999999", "max_duration_ms")]
    [InlineData("key=H", "key")]
    [InlineData("key=Dm&mode=major", "mode")]
    [InlineData("mode=dorian", "mode")]
    [InlineData("mood=Calm", "mood")]
    [InlineData("intensity=9", "intensity")]
    [InlineData("loop=maybe", "loop")]
    [InlineData("created_after=yesterday", "created_after")]
    [InlineData("label=no-colon", "label")]
    [InlineData("label=%09%0A", "label")]
    [InlineData("label=", "label")]
    [InlineData("label=Bad%20Key:x", "label")]
    [InlineData("label=ok:%00", "label")]
    [InlineData("q=%00%3Cscript%3E", "q")]
    [InlineData("sort=title", "sort")]
    public async Task BadFilter_400NamingTheField_NothingEchoed(string query, string field)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var response = await http.GetAsync("/v1/generations?" + query);

        var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}: {problem.GetRawText()}");
        Assert.DoesNotContain("script", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"title": ""}""", "title")]
    [InlineData("""{"title": "   "}""", "title")]
    [InlineData("""{"title": "line\nbreak"}""", "title")]
    [InlineData("""{"title": "nul\u0000"}""", "title")]
    [InlineData("""{"labels": {"Client": "acme"}}""", "labels")]
    [InlineData("""{"labels": {"client": "a\u0007"}}""", "labels.client")]
    [InlineData("""{"labels": {"client": 5}}""", "labels")]
    public async Task BadTitleOrLabels_400NamingTheField_NothingStored(string body, string field)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var response = await http.PostAsync("/v1/generations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name.StartsWith(field, StringComparison.Ordinal)), problem.GetRawText());
        Assert.Empty(await GenerationListing.IdsAsync(http, ""));
    }

    [Fact]
    public async Task TooLongTitleAndTooManyLabels_Refused()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var labels = Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", i => "v");

        using var response = await http.PostAsJsonAsync("/v1/generations", new { title = new string('t', 201), labels });

        var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("labels", out _));
    }

    /// <summary>Four tracks, created A to D (so newest first is D, C, B, A), each unique in what the filters look at.</summary>
    private async Task<(HttpClient Http, Tracks Tracks)> CatalogueAsync()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("enterprise");
        var http = Gateway.Http(key);
        var a = await CreateAsync(http, new
        {
            prompt = "warm piano by the sea", genre = "jazz", mood = "calm", bpm = 90, key = "D minor", duration_ms = 2000, intensity = 1,
            title = "Harbour Dawn — 30 s edit", labels = new Dictionary<string, string> { ["client"] = "acme", ["catalogue_no"] = "MRK-0001" },
        });
        var b = await CreateAsync(http, new
        {
            prompt = "driving guitars", genre = "rock", mood = "energetic", bpm = 150, key = "E major", duration_ms = 4000, intensity = 3, loop = true,
            labels = new Dictionary<string, string> { ["client"] = "acme" },
        });
        var c = await CreateAsync(http, new
        {
            prompt = "slow pads", genre = "ambient", mood = "dark", bpm = 70, key = "A#m", duration_ms = 3000, intensity = 2, stems = true,
            title = "Night Drift", labels = new Dictionary<string, string> { ["client"] = "globex" },
        });
        var d = await CreateAsync(http, new { prompt = "club pianos", genre = "house", mood = "happy", bpm = 124, key = "Bb major", duration_ms = 6000, intensity = 2 });
        return (http, new Tracks(key, a, b, c, d));
    }

    private async Task<string> CreateAsync(HttpClient http, object spec) => (await PostGenerationAsync(http, spec)).GetProperty("id").GetString()!;

    private sealed record Tracks(string Key, string A, string B, string C, string D);
}
