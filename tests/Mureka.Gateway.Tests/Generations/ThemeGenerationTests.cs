using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Google.Protobuf;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>
/// A customer's theme, end to end: given as MIDI (made from ABC by Debian's abc2midi) and as ABC, over JSON, multipart
/// and gRPC; stated in every "a" section of the score as python3-mido reads it; bad themes refused by field with
/// nothing stored.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ThemeGenerationTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task ThemeAsMidiAndAsAbc_EveryASectionStatesIt_KeyAndTempoFollowTheTheme()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        var midi = await Abc2Midi.ConvertAsync(ThemeFixtures.DMinorAbc);
        var themePitches = new[] { 69, 74, 77, 76, 74, 73, 69, 74, 77, 79, 81, 79, 77, 76, 73, 74 };

        var fromMidi = await PostGenerationAsync(http, new { genre = "cinematic-orchestral", duration_ms = 30_000, seed = 4, score = true, theme = new { midi = Convert.ToBase64String(midi) } });
        var fromAbc = await PostGenerationAsync(http, new { genre = "jazz", duration_ms = 30_000, seed = 4, score = true, theme = new { abc = ThemeFixtures.DMinorAbc } });

        foreach (var created in new[] { fromMidi, fromAbc })
        {
            var id = created.GetProperty("id").GetString()!;
            var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
            var resolved = done.GetProperty("resolved");
            Assert.Equal("D minor", resolved.GetProperty("key").GetString());
            Assert.Equal(100, resolved.GetProperty("bpm").GetDouble());
            Assert.Equal("4/4", resolved.GetProperty("time_signature").GetString());
            Assert.Equal(themePitches, resolved.GetProperty("theme").GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("pitch").GetInt32()));
            Assert.Equal(100, done.GetProperty("metadata").GetProperty("bpm").GetDouble(), 0);

            var statements = await StatementsAsync(http, id, done.GetProperty("metadata"));
            Assert.NotEmpty(statements);
            foreach (var (bar, melody) in statements)
            {
                var match = ThemeIntervals.BestMatch(themePitches, melody);
                Assert.True(match >= 0.9, $"{resolved.GetProperty("theme").GetProperty("source")}: the a section at bar {bar} states {match:P0} of the theme ({string.Join(' ', melody)})");
            }
        }
    }

    [Fact]
    public async Task ThemeUploadedAsAFile_WithOverrides_IsTransposedAndReTimed()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("""{"genre": "solo-piano", "duration_ms": 20000, "key": "E minor", "bpm": 90, "seed": 8}""", Encoding.UTF8, "application/json"), "spec" },
            { new ByteArrayContent(await Abc2Midi.ConvertAsync(ThemeFixtures.DMinorAbc)) { Headers = { ContentType = new MediaTypeHeaderValue("audio/midi") } }, "theme", "theme.mid" },
        };

        using var response = await http.PostAsync("/v1/generations", form);

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var resolved = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("resolved");
        Assert.Equal(("E minor", 90.0, "midi"), (resolved.GetProperty("key").GetString(), resolved.GetProperty("bpm").GetDouble(), resolved.GetProperty("theme").GetProperty("source").GetString()));
        Assert.Contains(resolved.GetProperty("interpretation").EnumerateArray(), n => n.GetString() == "theme transposed from D minor to E minor");
    }

    [Fact]
    public async Task AVersionOfAThemedTrack_KeepsTheTheme()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        var parent = await PostGenerationAsync(http, new { genre = "jazz", duration_ms = 20_000, seed = 6, theme = new { abc = ThemeFixtures.GMajorWaltzAbc } });

        using var response = await http.PostAsync($"/v1/generations/{parent.GetProperty("id").GetString()}/versions", JsonContent(new { duration_ms = 10_000 }));

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var version = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("resolved");
        Assert.Equal(parent.GetProperty("resolved").GetProperty("theme").ToString(), version.GetProperty("theme").ToString());
    }

    [Fact]
    public async Task ThemeOverGrpc_IsReadAndReported()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        var auth = GatewayInstance.Auth(key);
        var spec = new GenerationSpec { Genre = "acoustic-folk", DurationMs = 20_000, Seed = 2, Theme = new Theme { Midi = ByteString.CopyFrom(await Abc2Midi.ConvertAsync(ThemeFixtures.GMajorWaltzAbc)) } };

        var created = await Gateway.Grpc.CreateGenerationAsync(new CreateGenerationRequest { Spec = spec }, auth);

        Assert.Equal(("G major", "3/4", 132.0), (created.Generation.Resolved.Key, created.Generation.Resolved.TimeSignature, created.Generation.Resolved.Bpm));
        Assert.Equal(11, created.Generation.Resolved.Theme.Notes.Count);
        var bad = await Assert.ThrowsAsync<RpcException>(() => Gateway.Grpc.CreateGenerationAsync(
            new CreateGenerationRequest { Spec = new GenerationSpec { Theme = new Theme { Abc = "not abc" } } }, auth).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("theme.abc", bad.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadThemes => new()
    {
        { "truncated MIDI", """{"theme": {"midi": "TVRoZAAAAAYAAQACAeBNVHJrAAAAEwD/"}}""", "theme.midi" },
        { "not base64", """{"theme": {"midi": "not base64!"}}""", "theme.midi" },
        { "unparsable ABC", """{"theme": {"abc": "X:1\nK:C\nC D ? E|"}}""", "theme.abc" },
        { "ABC without notes", """{"theme": {"abc": "X:1\nK:C\nz8|z8|"}}""", "theme.abc" },
        { "absurd tempo", """{"theme": {"abc": "X:1\nQ:1/4=900\nK:C\nCDEF|"}}""", "theme.abc" },
        { "both sources", """{"theme": {"abc": "X:1\nK:C\nCDEF|", "midi": "TVRoZA=="}}""", "theme" },
        { "neither source", """{"theme": {}}""", "theme" },
        { "unknown field", """{"theme": {"abc": "X:1\nK:C\nCDEF|", "tempo": 3}}""", "theme.tempo" },
        { "not an object", """{"theme": "CDEF"}""", "theme" },
        { "control characters in the track", """{"theme": {"midi": "TVRoZA==", "track": "a\u0000b"}}""", "theme.track" },
        { "over the ABC cap", "{\"theme\": {\"abc\": \"" + new string('C', 65_537) + "\"}}", "theme.abc" },
    };

    [Theory]
    [MemberData(nameof(BadThemes))]
    public async Task BadTheme_Answers400NamingTheField_AndStoresNothing(string what, string body, string field)
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);

        using var response = await http.PostAsync("/v1/generations", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{what}: {problem}");
        Assert.Empty(await GenerationListing.IdsAsync(http, ""));
    }

    [Fact]
    public async Task BadMidiFiles_DrumsOnlyUnknownTrackOversized_AreRefusedByField()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        var drums = await Abc2Midi.ConvertAsync("X:1\nM:4/4\nL:1/8\nK:C\n%%MIDI channel 10\nC2 C2 E2 C2 | C2 C2 E2 C2 |]\n");
        var melody = await Abc2Midi.ConvertAsync(ThemeFixtures.DMinorAbc);

        var cases = new (object Body, string Field, string Reason)[]
        {
            (new { theme = new { midi = Convert.ToBase64String(drums) } }, "theme.midi", "no melodic notes"),
            (new { theme = new { midi = Convert.ToBase64String(melody), track = "Lead" } }, "theme.track", "no track named 'Lead'"),
            (new { theme = new { midi = Convert.ToBase64String(new byte[65 * 1024]) } }, "theme.midi", "at most 65536 bytes"),
        };
        foreach (var (body, field, reason) in cases)
        {
            using var response = await http.PostAsync("/v1/generations", JsonContent(body));
            var problem = await ProblemAssert.ResponseAsync(response, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
            Assert.Contains(reason, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        using var noTheme = new MultipartFormDataContent { { new StringContent("{}"), "spec" } };
        using var multipart = await http.PostAsync("/v1/generations", noTheme);
        await ProblemAssert.ResponseAsync(multipart, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        using var binary = new MultipartFormDataContent { { new ByteArrayContent([0xff, 0xfe, 0x00, 0x80]), "theme", "x.bin" } };
        using var notText = await http.PostAsync("/v1/generations", binary);
        var notTextProblem = await ProblemAssert.ResponseAsync(notText, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.True(notTextProblem.GetProperty("errors").TryGetProperty("theme", out _), notTextProblem.ToString());
        Assert.Empty(await GenerationListing.IdsAsync(http, ""));
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>The melody's pitches in each "a" section, as python3-mido reads them from score.mid.</summary>
    private static async Task<List<(int Bar, List<int> Melody)>> StatementsAsync(HttpClient http, string id, JsonElement metadata)
    {
        var midi = await Mido.ReadBytesAsync(await http.GetByteArrayAsync($"/v1/generations/{id}/score"));

        var ticksPerBar = midi.GetProperty("ticks_per_beat").GetInt32() * 4;
        var melody = midi.GetProperty("tracks").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "melody");
        var notes = melody.GetProperty("note_ons").EnumerateArray().Select(t => t.GetInt64())
            .Zip(melody.GetProperty("pitches").EnumerateArray().Select(p => p.GetInt32()))
            .ToList();
        var slack = ticksPerBar / 32;
        return metadata.GetProperty("sections").EnumerateArray()
            .Where(s => s.GetProperty("name").GetString() == "a")
            .Select(s =>
            {
                var from = (long)s.GetProperty("start_bar").GetInt32() * ticksPerBar;
                var to = from + ((long)s.GetProperty("bars").GetInt32() * ticksPerBar);
                return (s.GetProperty("start_bar").GetInt32(), notes.Where(n => n.First >= from - slack && n.First < to - slack).Select(n => n.Second).ToList());
            })
            .ToList();
    }
}
