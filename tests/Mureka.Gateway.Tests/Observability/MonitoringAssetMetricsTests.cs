using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mureka.Gateway.Tests.Limits;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;
using Mureka.Testing.Stripe;

namespace Mureka.Gateway.Tests.Observability;

/// <summary>
/// Every metric the Grafana dashboard and the Prometheus alerts under ops/monitoring query exists in a real
/// gateway's <c>/metrics</c> scrape, after a render, a billing failure and success, and a rate-limit refusal
/// (counters appear in the scrape only once something was counted).
/// </summary>
[Collection(StackCollection.Name)]
public sealed partial class MonitoringAssetMetricsTests(StackFixture stack) : GatewayTestBase(stack), IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly int _managementPort = FreeTcpPort.OnLoopback();
    private readonly FakeStripe _stripe = new() { Mode = FakeStripeMode.ServerError };

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Gateway:ManagementUrl"] = $"http://127.0.0.1:{_managementPort}";
        settings["Billing:Stripe:ApiKey"] = "sk_test_monitoring";
        settings["Billing:Stripe:ApiBase"] = _stripe.ApiBase;
        settings["Billing:PollInterval"] = "00:00:00.100";
        settings["Billing:RetryBaseDelay"] = "00:00:00.050";
        settings["Billing:RetryMaxDelay"] = "00:00:00.200";
    }

    public override async Task DisposeAsync()
    {
        _stripe.Release();
        await base.DisposeAsync();
    }

    public void Dispose() => _stripe.Dispose();

    [Fact]
    public async Task DashboardAndAlerts_EveryReferencedMetric_InTheScrape()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var id = (await PostGenerationAsync(http, new { genre = "chiptune", duration_ms = 2000, seed = 7, format = "wav" })).GetProperty("id").GetString()!;
        var done = await WaitForStatusAsync(http, id, "succeeded", RenderTimeout);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());

        // A tenant allowed one request a minute asks twice: one refusal for mureka_ratelimit_rejected.
        var (_, limitedKey) = await PlanFixtures.CreateTenantAsync(Gateway, requestsPerMinute: 1);
        using var limited = Gateway.Http(limitedKey);
        (await limited.GetAsync("/v1/generations")).Dispose();
        using (var refused = await limited.GetAsync("/v1/generations"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_managementPort}") };
        // Stripe answers 500 until a send failed, then accepts the meter event.
        await Poll.UntilAsync(() => management.GetStringAsync("/metrics"), t => t.Contains("mureka_billing_send_failures", StringComparison.Ordinal), Deadline, "a failed Stripe send in the scrape");
        _stripe.Mode = FakeStripeMode.Ok;
        var scrape = await Poll.UntilAsync(() => management.GetStringAsync("/metrics"), t => t.Contains("mureka_billing_events_sent", StringComparison.Ordinal), Deadline, "a sent meter event in the scrape");

        var exported = ExportedNames(scrape);
        var referenced = ReferencedNames();
        Assert.NotEmpty(referenced);
        var missing = referenced.Where(r => !exported.Contains(r.Metric)).Select(r => $"{r.Metric} ({r.File})").Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "Metrics queried by ops/monitoring but not exported by the gateway:\n  " + string.Join("\n  ", missing));
    }

    /// <summary>The series names of a Prometheus text scrape (the name before the labels or the value).</summary>
    private static HashSet<string> ExportedNames(string scrape) =>
        scrape.Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => SeriesName().Match(l).Value)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Metric names in the PromQL of ops/monitoring, without a PromQL parser: in each expression (a dashboard
    /// target's <c>expr</c>, an alert's <c>expr</c>) label matchers <c>{…}</c> and label lists of
    /// <c>by/without/on/ignoring/group_left/group_right (…)</c> are dropped (label names such as <c>http_route</c>
    /// look like metric names), then every identifier that starts with one of <see cref="MetricPrefixes"/> is a
    /// metric. Functions, keywords and Grafana's <c>$__rate_interval</c> never start with those. A histogram's
    /// <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series are exported under exactly those names, so they are
    /// compared as they are. Other exporters' metrics (kube-state-metrics' <c>kube_*</c>) are not the gateway's.
    /// </summary>
    private static List<(string Metric, string File)> ReferencedNames()
    {
        var root = RepositoryLayout.Root;
        var dashboard = Path.Combine(root, "ops", "monitoring", "grafana", "mureka-dashboard.json");
        var alerts = Path.Combine(root, "ops", "monitoring", "prometheus", "alerts.yaml");
        var expressions = new List<(string Expr, string File)>();
        CollectExprs(JsonDocument.Parse(File.ReadAllText(dashboard)).RootElement, expressions, "mureka-dashboard.json");
        // alerts.yaml keeps each expr on `expr:` lines (a folded block's continuation lines are indented under it).
        var lines = File.ReadAllLines(alerts);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("expr:", StringComparison.Ordinal))
            {
                var indent = lines[i].Length - lines[i].TrimStart().Length;
                var expr = lines[i].TrimStart()["expr:".Length..];
                while (i + 1 < lines.Length && (lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent || lines[i + 1].Trim().Length == 0))
                {
                    expr += " " + lines[++i].Trim();
                }

                expressions.Add((expr, "alerts.yaml"));
            }
        }

        return expressions
            .SelectMany(e => Identifier().Matches(LabelLists().Replace(LabelMatchers().Replace(e.Expr, " "), " ")).Select(m => m.Value)
                .Where(id => MetricPrefixes.Any(p => id.StartsWith(p, StringComparison.Ordinal)))
                .Select(id => (id, e.File)))
            .ToList();
    }

    private static readonly string[] MetricPrefixes = ["mureka_", "http_", "kestrel_", "dotnet_", "db_", "rpc_", "aspnetcore_", "dns_", "process_"];

    private static void CollectExprs(JsonElement element, List<(string, string)> into, string file)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is "expr" or "query" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        into.Add((property.Value.GetString()!, file));
                    }
                    else
                    {
                        CollectExprs(property.Value, into, file);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectExprs(item, into, file);
                }

                break;
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SeriesName();

    [GeneratedRegex("[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex("\\{[^}]*\\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)")]
    private static partial Regex LabelLists();
}
