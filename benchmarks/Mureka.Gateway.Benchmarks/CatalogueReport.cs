using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Mureka.Accounts;
using Mureka.Migrations;
using Mureka.Testing;
using Npgsql;

namespace Mureka.Gateway.Benchmarks;

/// <summary>
/// The catalogue at scale: one tenant with <c>rows</c> generated tracks (and a neighbour with a tenth as many, so
/// every query has to stay inside its tenant), then each list filter and sort asked for over REST through a gateway
/// on loopback, one request at a time, timing the whole answer (20 generations as JSON). Target: p95 under 50 ms.
/// </summary>
internal static class CatalogueReport
{
    private const int Samples = 40;
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(50);

    public static async Task<int> RunAsync(TextWriter output, int rows)
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("bench_catalogue");
        DatabaseMigrator.Migrate(connectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var accounts = new AccountsService(dataSource, TimeProvider.System);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                insert into plans (id, name, max_duration_ms, max_concurrent_jobs, priority, quota_ms, requests_per_minute, overage_policy)
                values ('benchmark', 'Benchmark', 300000, 100000000, 2, 1000000000000, 1000000000, 'block')
                """);
        }

        var tenant = await accounts.CreateTenantAsync("Catalogue", "benchmark");
        var neighbour = await accounts.CreateTenantAsync("Neighbour", "benchmark");
        var key = (await accounts.CreateKeyAsync(tenant.Id, "bench", test: false)).Key;

        var loading = Stopwatch.GetTimestamp();
        await InsertTracksAsync(dataSource, tenant.Id, rows);
        await InsertTracksAsync(dataSource, neighbour.Id, rows / 10);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("vacuum analyze generations", commandTimeout: 0);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores shared by PostgreSQL, the gateway and this client"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"catalogue: {rows} tracks in one tenant, {rows / 10} in another; loaded and analysed in {Stopwatch.GetElapsedTime(loading).TotalSeconds:0} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"each query {Samples} times in a row after one untimed call, one at a time, 20 per page, through the gateway (REST, JSON)"));
        output.WriteLine();

        var url = $"http://127.0.0.1:{FreeTcpPort.OnLoopback()}";
        await using var gateway = GatewayApp.Build(
        [
            $"--Gateway:RestUrl={url}",
            $"--Gateway:GrpcUrl=http://127.0.0.1:{FreeTcpPort.OnLoopback()}",
            $"--Gateway:ConnectionString={connectionString}",
            "--Gateway:DispatchEnabled=false",
            "--Gateway:AudioRootMayBeTemporary=true",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await gateway.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        output.WriteLine("  query                                                        p50 ms     p95 ms     max ms   found");
        var worst = TimeSpan.Zero;
        foreach (var (name, query) in Queries())
        {
            var (p50, p95, max, found) = await MeasureAsync(http, query);
            worst = p95 > worst ? p95 : worst;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-58} {p50.TotalMilliseconds,9:0.0} {p95.TotalMilliseconds,10:0.0} {max.TotalMilliseconds,10:0.0} {found,7}"));
        }

        var (deepP50, deepP95, deepMax, pages) = await MeasurePagingAsync(http, "genre=jazz", 50);
        worst = deepP95 > worst ? deepP95 : worst;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"genre=jazz, pages 1 to 50 by cursor (per page)",-58} {deepP50.TotalMilliseconds,9:0.0} {deepP95.TotalMilliseconds,10:0.0} {deepMax.TotalMilliseconds,10:0.0} {pages,7}"));
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slowest p95 = {worst.TotalMilliseconds:0.0} ms (target < {Target.TotalMilliseconds:0} ms): {(worst < Target ? "met" : "NOT met")}"));
        // Stopped before it is disposed, so its background services end while what they use still exists.
        await gateway.StopAsync();
        return worst < Target ? 0 : 1;
    }

    private static IEnumerable<(string Name, string Query)> Queries() =>
    [
        ("newest first, no filter", ""),
        ("genre", "genre=jazz"),
        ("genre + mood", "genre=ambient&mood=calm"),
        ("key (tonic, both modes)", "key=F%23"),
        ("key + mode", "key=D%20minor"),
        ("bpm range 118-122, newest first", "min_bpm=118&max_bpm=122"),
        ("bpm range 118-122, by bpm", "min_bpm=118&max_bpm=122&sort=bpm"),
        ("duration 25-35 s, longest first", "min_duration_ms=25000&max_duration_ms=35000&sort=-duration_ms"),
        ("intensity + loop + stems", "intensity=3&loop=true&stems=true"),
        ("created in one day", "created_after=2026-06-01T00:00:00Z&created_before=2026-06-02T00:00:00Z"),
        ("label (one client of 50)", "label=client:client-7"),
        ("label (one catalogue number)", "label=catalogue_no:MRK-0424242"),
        ("free text, common word", "q=piano"),
        ("free text, rare words", "q=%22harbour%20lights%22"),
        ("free text, word and exclusion", "q=strings%20-drums"),
        ("genre + bpm range + free text", "genre=cinematic-orchestral&min_bpm=80&max_bpm=100&q=strings"),
        ("everything at once", "genre=house&mood=energetic&key=A&min_bpm=120&max_bpm=130&intensity=3&stems=true&label=client:client-3&q=synth"),
        ("nothing matches", "genre=jazz&min_bpm=200"),
    ];

    private static async Task<(TimeSpan P50, TimeSpan P95, TimeSpan Max, int Found)> MeasureAsync(HttpClient http, string query)
    {
        var found = (await GetPageAsync(http, query)).Count;
        var times = new List<TimeSpan>(Samples);
        for (var i = 0; i < Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await GetPageAsync(http, query);
            times.Add(Stopwatch.GetElapsedTime(started));
        }

        return (Percentile(times, 0.50), Percentile(times, 0.95), times.Max(), found);
    }

    private static async Task<(TimeSpan P50, TimeSpan P95, TimeSpan Max, int Pages)> MeasurePagingAsync(HttpClient http, string query, int pages)
    {
        var times = new List<TimeSpan>(pages);
        string? cursor = null;
        for (var i = 0; i < pages; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var page = await GetPageAsync(http, cursor is null ? query : $"{query}&cursor={Uri.EscapeDataString(cursor)}");
            times.Add(Stopwatch.GetElapsedTime(started));
            cursor = page.NextCursor;
            if (cursor is null)
            {
                break;
            }
        }

        return (Percentile(times, 0.50), Percentile(times, 0.95), times.Max(), times.Count);
    }

    private static async Task<(int Count, string? NextCursor)> GetPageAsync(HttpClient http, string query)
    {
        using var response = await http.GetAsync("/v1/generations?" + query);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        var next = json.RootElement.TryGetProperty("next_cursor", out var n) ? n.GetString() : null;
        return (json.RootElement.GetProperty("data").GetArrayLength(), next);
    }

    private static TimeSpan Percentile(List<TimeSpan> times, double p)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    /// <summary>
    /// Tracks spread as a library's would be: a year of creation times, every genre, mood and key, tempos 60 to 180,
    /// lengths of the usual edits, a tenth loops, a fifth with stems, titles and prompts from word lists, fifty
    /// clients and a unique catalogue number each. Inserted by PostgreSQL itself, in batches, with the real indexes.
    /// </summary>
    private static async Task InsertTracksAsync(NpgsqlDataSource dataSource, Guid tenant, int rows)
    {
        const int Batch = 100_000;
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var start = 0; start < rows; start += Batch)
        {
            await connection.ExecuteAsync(
                """
                with g as (
                    select n,
                        (array['ambient','lofi-hip-hop','cinematic-orchestral','corporate-pop','rock','house','jazz','acoustic-folk','chiptune','solo-piano','epic-trailer','classical-waltz'])[1 + (hashint4(n) & 2147483647) % 12] as genre,
                        (array['neutral','calm','happy','uplifting','energetic','sad','dark','epic','mysterious','romantic'])[1 + (hashint4(n + 1) & 2147483647) % 10] as mood,
                        (array['C','C#','D','Eb','E','F','F#','G','Ab','A','Bb','B'])[1 + (hashint4(n + 2) & 2147483647) % 12] || ' ' || (array['major','minor'])[1 + (hashint4(n + 3) & 2147483647) % 2] as key,
                        round((60 + ((hashint4(n + 4) & 2147483647) % 12000) / 100.0)::numeric, 2) as bpm,
                        (array[15000, 30000, 60000, 120000, 180000, 29500, 33000])[1 + (hashint4(n + 5) & 2147483647) % 7] as duration_ms,
                        1 + (hashint4(n + 6) & 2147483647) % 3 as intensity,
                        (hashint4(n + 7) & 2147483647) % 10 = 0 as loop,
                        (hashint4(n + 8) & 2147483647) % 5 = 0 as stems,
                        (array['warm','bright','dark','gentle','driving','dreamy','epic','playful','tense','soft'])[1 + (hashint4(n + 9) & 2147483647) % 10] || ' ' ||
                        (array['piano','strings','guitar','synth','brass','pads','drums','choir','bells','bass'])[1 + (hashint4(n + 10) & 2147483647) % 10] || ' ' ||
                        (array['for a sunrise','at the harbour','in the city','over the hills','for a product launch','for a trailer','by the fire','in the rain'])[1 + (hashint4(n + 11) & 2147483647) % 8] as prompt,
                        (array['Harbour','Neon','Quiet','Golden','Midnight','Paper','Velvet','Iron','Glass','River'])[1 + (hashint4(n + 12) & 2147483647) % 10] || ' ' ||
                        (array['Lights','Drive','Morning','Steps','Skies','Hearts','Lines','Echoes','Fields','Tides'])[1 + (hashint4(n + 13) & 2147483647) % 10] as title,
                        timestamptz '2026-01-01' + make_interval(secs => (hashint4(n + 14) & 2147483647) % 31536000) as created_at
                    from generate_series(@start, @end - 1) as n)
                insert into generations (id, tenant_id, status, model, request, resolved, created_at, updated_at, deadline_at, title, labels)
                select gen_random_uuid(), @tenant, 'succeeded', 'mureka-compose-1', '{}',
                    jsonb_build_object('model', 'mureka-compose-1', 'prompt', prompt, 'genre', genre, 'mood', mood, 'bpm', bpm, 'key', key,
                        'time_signature', '4/4', 'duration_ms', duration_ms, 'instruments', '[]'::jsonb, 'intensity', intensity, 'seed', n,
                        'format', 'wav', 'sample_rate', 44100, 'bit_depth', 16, 'stems', stems, 'loop', loop),
                    created_at, created_at, created_at + interval '1 hour', title,
                    jsonb_build_object('client', 'client-' || (n % 50), 'catalogue_no', 'MRK-' || lpad(n::text, 7, '0'))
                from g
                """,
                new { tenant, start, end = Math.Min(rows, start + Batch) },
                commandTimeout: 0);
        }
    }
}
