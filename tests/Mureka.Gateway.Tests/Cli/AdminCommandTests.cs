using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Mureka.Accounts;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing.Stripe;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Cli;

/// <summary>Runs the real <c>mureka</c> CLI (the built mureka.dll) against the test database.</summary>
[Collection(StackCollection.Name)]
public sealed class AdminCommandTests(StackFixture stack) : GatewayTestBase(stack)
{
    private readonly Dictionary<string, string?> _environment = [];

    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Fact]
    public async Task AdminCommands_TenantKeyListRevoke_WorkEndToEnd()
    {
        var migrate = await RunAsync("admin", "db", "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Stderr + migrate.Stdout);
        Assert.Contains("schema is current", migrate.Stdout, StringComparison.Ordinal);

        var tenant = await RunAsync("admin", "tenants", "create", "--name", "Acme Music", "--plan", "pro");
        Assert.Equal(0, tenant.ExitCode);
        var tenantId = Guid.Parse(tenant.Stdout.Trim());
        Assert.Contains(tenantId.ToString(), (await RunAsync("admin", "tenants", "list")).Stdout, StringComparison.Ordinal);

        var created = await RunAsync("admin", "keys", "create", "--tenant", tenantId.ToString(), "--name", "ci");
        Assert.Equal(0, created.ExitCode);
        var key = created.Stdout.Trim();
        Assert.True(ApiKeyFormat.LooksValid(key));

        var list = await RunAsync("admin", "keys", "list", "--tenant", tenantId.ToString());
        Assert.Contains(ApiKeyFormat.DisplayPrefix(key), list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.Stdout, StringComparison.Ordinal);
        var keyId = list.Stdout.Trim().Split(' ')[0];

        using var http = Gateway.Http(key);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/generations")).StatusCode);

        var revoke = await RunAsync("admin", "keys", "revoke", "--id", keyId);
        Assert.Equal(0, revoke.ExitCode);
        var status = await Poll.UntilAsync(async () => (await http.GetAsync("/v1/generations")).StatusCode, s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10), "revoked key refused");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("revoked", (await RunAsync("admin", "keys", "list", "--tenant", tenantId.ToString())).Stdout, StringComparison.Ordinal);

        // An operator can hand out a narrower key; the gateway enforces its scopes.
        var reader = await RunAsync("admin", "keys", "create", "--tenant", tenantId.ToString(), "--name", "reader", "--scope", "read");
        var bogus = await RunAsync("admin", "keys", "create", "--tenant", tenantId.ToString(), "--scope", "admin");
        using var readerHttp = Gateway.Http(reader.Stdout.Trim());
        Assert.True(reader.ExitCode == 0, reader.Stderr);
        Assert.NotEqual(0, bogus.ExitCode);
        Assert.Equal(HttpStatusCode.OK, (await readerHttp.GetAsync("/v1/generations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readerHttp.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop" })).StatusCode);
        Assert.Matches(@"(?m)\sread\s+reader$", (await RunAsync("admin", "keys", "list", "--tenant", tenantId.ToString())).Stdout);
    }

    [Fact]
    public async Task PlansPrice_SetListedEstimatedThenCleared_BadValuesRefused()
    {
        var plan = await Limits.PlanFixtures.CreatePlanAsync(Gateway);
        var (_, key, _) = await Gateway.CreateTenantAsync(plan);
        using var http = Gateway.Http(key);

        var set = await RunAsync("admin", "plans", "price", plan, "--currency", "gbp", "--per-second", "0.025");
        var listed = (await RunAsync("admin", "plans", "list")).Stdout;
        var badCurrency = await RunAsync("admin", "plans", "price", plan, "--currency", "GBP£", "--per-second", "0.025");
        var tooPrecise = await RunAsync("admin", "plans", "price", plan, "--currency", "gbp", "--per-second", "0.0000001");
        var half = await RunAsync("admin", "plans", "price", plan, "--currency", "gbp");
        var unknown = await RunAsync("admin", "plans", "price", "platinum", "--currency", "gbp", "--per-second", "1");
        var cleared = await RunAsync("admin", "plans", "price", plan, "--clear");

        Assert.Equal(0, set.ExitCode);
        Assert.Matches($@"(?m)^{plan}\s+.*\s+0\.025 gbp\s+{plan}$", listed);
        Assert.All(new[] { badCurrency, tooPrecise, half, unknown }, r => Assert.Equal(2, r.ExitCode));
        Assert.Equal(0, cleared.ExitCode);
        // Priced or not, the estimate quotes the seconds (gateways see a price change within their plan cache's 30 s).
        var estimate = await (await http.PostAsJsonAsync("/v1/generations/estimate", new { genre = "jazz", duration_ms = 2000 })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(2.0, estimate.GetProperty("billable_seconds").GetDouble());
    }

    [Fact]
    public async Task AdminCommands_PlansListAndSetPlan_GatewayEnforcesTheNewPlan()
    {
        var plans = await RunAsync("admin", "plans", "list");
        Assert.Equal(0, plans.ExitCode);
        Assert.Matches(@"(?m)^free\s+600\s+60\s+2\s+60\s+0\s+block\s+0 usd\s+Free$", plans.Stdout);
        Assert.Matches(@"(?m)^enterprise\s+.*\s+bill\s+-\s+Enterprise$", plans.Stdout);
        var (tenant, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        using (var onPro = await http.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 90_000 }))
        {
            Assert.Equal(HttpStatusCode.Accepted, onPro.StatusCode);
        }

        var unknown = await RunAsync("admin", "tenants", "set-plan", "--tenant", tenant.ToString(), "--plan", "platinum");
        var moved = await RunAsync("admin", "tenants", "set-plan", "--tenant", tenant.ToString(), "--plan", "free");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown plan", unknown.Stderr, StringComparison.Ordinal);
        Assert.True(moved.ExitCode == 0, moved.Stderr);
        // The free plan allows 60 s tracks; the gateway's cached key learns the new plan through the key-change notification.
        var status = await Poll.UntilAsync(
            async () =>
            {
                using var response = await http.PostAsJsonAsync("/v1/generations", new { genre = "corporate-pop", duration_ms = 90_000 });
                return response.StatusCode;
            },
            s => s != HttpStatusCode.Accepted, TimeSpan.FromSeconds(10), "the free plan's track limit");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task AdminBilling_StripeConfigured_TenantGetsCustomerAndReconcilePrintsDifference()
    {
        using var stripe = new FakeStripe();
        _environment["STRIPE_API_KEY"] = "sk_test_cli";
        _environment["STRIPE_API_BASE"] = stripe.ApiBase;
        _environment["STRIPE_METER_ID"] = "mtr_cli";
        var tenant = await RunAsync("admin", "tenants", "create", "--name", "Billed Music", "--plan", "pro");
        Assert.True(tenant.ExitCode == 0, tenant.Stderr);
        Assert.Contains("stripe customer cus_fake1", tenant.Stderr, StringComparison.Ordinal);
        var tenantId = Guid.Parse(tenant.Stdout.Trim());
        var customer = Assert.Single(stripe.Requests, r => r.Path == "/v1/customers");
        Assert.Equal($"mureka-tenant-{tenantId}", customer.IdempotencyKey);

        var recordedAt = new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);
        var billed = await InsertUsageAsync(tenantId, 4000, recordedAt);
        await InsertUsageAsync(tenantId, 1500, recordedAt.AddHours(1));
        stripe.Bill($"mureka-gen-{billed}", "cus_fake1", 4000, recordedAt);

        var differs = await RunAsync("admin", "billing", "reconcile", "--from", "2026-11-01", "--to", "2026-12-01");
        Assert.True(differs.ExitCode == 1, differs.Stderr + differs.Stdout);
        Assert.Contains("1 differ", differs.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"{tenantId}\s+cus_fake1\s+5500\s+4000\s+1500", differs.Stdout);

        var agreed = await RunAsync("admin", "billing", "reconcile", "--from", "2026-11-10T12:00Z", "--to", "2026-11-10T12:01Z", "--json");
        Assert.True(agreed.ExitCode == 0, agreed.Stderr + agreed.Stdout);
        Assert.Contains("\"differences\": 0", agreed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminLicenseKeys_RotateThenList_OneSigningKeyAndTheRetiredOnesKept()
    {
        // The gateway makes the first key when it first needs one; the key set asks for it.
        using var anonymous = Gateway.Http(null);
        var before = await anonymous.GetFromJsonAsync<System.Text.Json.JsonElement>("/.well-known/mureka-license-keys.json");
        var first = before.GetProperty("keys")[0].GetProperty("kid").GetString()!;

        var rotated = await RunAsync("admin", "license-keys", "rotate");
        var list = await RunAsync("admin", "license-keys", "list");

        Assert.Equal(0, rotated.ExitCode);
        var newKid = rotated.Stdout.Trim();
        Assert.StartsWith("lk_", newKid, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(first)}\s+retired\s", list.Stdout);
        Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(newKid)}\s+signing\s", list.Stdout);
    }

    [Fact]
    public async Task AdminBillingReconcile_NoStripeKey_ExitCode2()
    {
        var result = await RunAsync("admin", "billing", "reconcile", "--from", "2026-11-01", "--to", "2026-12-01");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("STRIPE_API_KEY", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminCommands_NoConnection_ExitCode2()
    {
        var result = await RunAsync(withDatabase: false, "admin", "tenants", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MUREKA_DATABASE", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// The CLI's own build output: its copy in this test folder cannot run, because the test's ASP.NET Core
    /// framework reference drops the NuGet logging assemblies the CLI's deps.json expects.
    /// </summary>
    private static string CliPath()
    {
        var here = AppContext.BaseDirectory;
        string[] candidates =
        [
            Path.Combine(here, "..", "..", "Mureka.Cli", new DirectoryInfo(here).Name, "mureka.dll"), // --artifacts-path layout
            Path.Combine(here, "..", "..", "..", "..", "..", "src", "Mureka.Cli", "bin", new DirectoryInfo(Path.Combine(here, "..")).Name, new DirectoryInfo(here).Name, "mureka.dll"),
        ];
        return candidates.Select(Path.GetFullPath).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("mureka.dll not found; build src/Mureka.Cli first", string.Join(", ", candidates));
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(true, args);

    private async Task<Guid> InsertUsageAsync(Guid tenantId, long renderedMs, DateTimeOffset recordedAt)
    {
        var id = Guid.NewGuid();
        await using var connection = await Gateway.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection,
            """
            insert into generations (id, tenant_id, status, model, request, resolved, created_at, updated_at, deadline_at, rendered_ms)
            values (@id, @tenantId, 'succeeded', 'mureka-compose-1', '{}', '{}', @recordedAt, @recordedAt, @recordedAt, @renderedMs)
            """, new { id, tenantId, renderedMs, recordedAt }, transaction);
        await Dapper.SqlMapper.ExecuteAsync(connection,
            "insert into usage_ledger (tenant_id, generation_id, model, rendered_ms, recorded_at) values (@tenantId, @id, 'mureka-compose-1', @renderedMs, @recordedAt)",
            new { tenantId, id, renderedMs, recordedAt }, transaction);
        await transaction.CommitAsync();
        return id;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(bool withDatabase, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliPath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MUREKA_DATABASE"] = withDatabase ? ConnectionString : null;
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
