using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Mureka.Accounts;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Cli;

/// <summary>Runs the real <c>mureka</c> CLI (the built mureka.dll) against the test database.</summary>
[Collection(StackCollection.Name)]
public sealed class AdminCommandTests(StackFixture stack) : GatewayTestBase(stack)
{
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
    }

    [Fact]
    public async Task AdminCommands_PlansListAndSetPlan_GatewayEnforcesTheNewPlan()
    {
        var plans = await RunAsync("admin", "plans", "list");
        Assert.Equal(0, plans.ExitCode);
        Assert.Matches(@"(?m)^free\s+600\s+60\s+2\s+60\s+0\s+block\s+Free$", plans.Stdout);
        Assert.Matches(@"(?m)^enterprise\s+.*\s+bill\s+Enterprise$", plans.Stdout);
        var (tenant, key, _) = await Gateway.CreateTenantAsync("pro");
        using var http = Gateway.Http(key);
        using (var onPro = await http.PostAsJsonAsync("/v1/generations", new { duration_ms = 90_000 }))
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
                using var response = await http.PostAsJsonAsync("/v1/generations", new { duration_ms = 90_000 });
                return response.StatusCode;
            },
            s => s != HttpStatusCode.Accepted, TimeSpan.FromSeconds(10), "the free plan's track limit");
        Assert.Equal(HttpStatusCode.BadRequest, status);
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

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(bool withDatabase, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliPath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MUREKA_DATABASE"] = withDatabase ? ConnectionString : null;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
