using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Accounts;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Keys;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;
using static Mureka.Gateway.Tests.Keys.ApiKeyTestSupport;

namespace Mureka.Gateway.Tests.Keys;

/// <summary>Self-service keys: made, listed, rotated and revoked by the account itself, each with the scopes it was given.</summary>
[Collection(StackCollection.Name)]
public sealed class ApiKeysTests(StackFixture stack) : GatewayTestBase(stack)
{
    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(10);
    private static readonly string[] ReadOnly = ["read"];
    private static readonly string[] KeysAndRead = ["keys", "read"];
    private static readonly string[] GenerateOnly = ["generate"];
    private static readonly string[] GenerateAndRead = ["generate", "read"];
    private static readonly string[] HostileScopes = ["admin", "read", "\u0000"];

    [Fact]
    public async Task ReadOnlyKey_ShownOnce_ReadsButIsRefusedEverythingElse_OverRestAndGrpc()
    {
        var (_, root, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(root);
        var created = await CreateKeyAsync(http, new { name = "dashboard", scopes = ReadOnly });
        var id = created.GetProperty("id").GetString()!;
        var key = created.GetProperty("key").GetString()!;
        using var reader = Gateway.Http(key);

        using var read = await reader.GetAsync("/v1/generations");
        using var create = await reader.PostAsJsonAsync("/v1/generations", new { genre = "chiptune", duration_ms = 1000 });
        using var webhooks = await reader.GetAsync("/v1/webhook-endpoints");
        using var keys = await reader.GetAsync("/v1/api-keys");
        var grpcCreate = await Assert.ThrowsAsync<RpcException>(async () => await Gateway.Grpc.CreateGenerationAsync(
            new CreateGenerationRequest { Spec = new GenerationSpec { Genre = "chiptune", DurationMs = 1000 } }, GatewayInstance.Auth(key)));
        var grpcList = await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest(), GatewayInstance.Auth(key));
        var listed = JsonDocument.Parse(await http.GetStringAsync($"/v1/api-keys/{id}")).RootElement;

        Assert.StartsWith("mk_live_", key, StringComparison.Ordinal);
        Assert.StartsWith(created.GetProperty("display_prefix").GetString()!, key, StringComparison.Ordinal);
        Assert.Equal(["read"], Scopes(created));
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.True(created.GetProperty("livemode").GetBoolean());
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.Equal("dashboard", listed.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("generate", (await ProblemAssert.ResponseAsync(create, HttpStatusCode.Forbidden, ProblemTypes.MissingScope)).GetProperty("required_scope").GetString());
        Assert.Equal("webhooks", (await ProblemAssert.ResponseAsync(webhooks, HttpStatusCode.Forbidden, ProblemTypes.MissingScope)).GetProperty("required_scope").GetString());
        Assert.Equal("keys", (await ProblemAssert.ResponseAsync(keys, HttpStatusCode.Forbidden, ProblemTypes.MissingScope)).GetProperty("required_scope").GetString());
        Assert.Equal(StatusCode.PermissionDenied, grpcCreate.StatusCode);
        Assert.Contains("'generate'", grpcCreate.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(grpcList);
    }

    [Fact]
    public async Task NewKeys_NeverExceedTheCallersScopes_AndStayInItsEnvironment()
    {
        var (tenantId, root, rootId) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(root);
        var manager = (await CreateKeyAsync(http, new { name = "manager", scopes = KeysAndRead })).GetProperty("key").GetString()!;
        using var managerHttp = Gateway.Http(manager);

        using var escalation = await managerHttp.PostAsJsonAsync("/v1/api-keys", new { scopes = GenerateOnly });
        var inherited = await CreateKeyAsync(managerHttp, new { });
        using var testHttp = Gateway.Http(await Gateway.CreateTestKeyAsync(tenantId));
        var testMade = await CreateKeyAsync(testHttp, new { name = "ci" });
        var testListed = JsonDocument.Parse(await testHttp.GetStringAsync("/v1/api-keys")).RootElement.GetProperty("data");
        using var liveFromTest = await testHttp.GetAsync($"/v1/api-keys/{rootId}");
        using var revokeLiveFromTest = await testHttp.DeleteAsync($"/v1/api-keys/{rootId}");

        var body = await ProblemAssert.ResponseAsync(escalation, HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        Assert.Contains("generate", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["read", "keys"], Scopes(inherited));
        Assert.Equal("default", inherited.GetProperty("name").GetString());
        Assert.StartsWith("mk_test_", testMade.GetProperty("key").GetString(), StringComparison.Ordinal);
        Assert.False(testMade.GetProperty("livemode").GetBoolean());
        Assert.All(testListed.EnumerateArray(), k => Assert.False(k.GetProperty("livemode").GetBoolean()));
        Assert.Equal(2, testListed.GetArrayLength());
        await ProblemAssert.ResponseAsync(liveFromTest, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await ProblemAssert.ResponseAsync(revokeLiveFromTest, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        using var stillWorks = await http.GetAsync("/v1/generations");
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Fact]
    public async Task Revoke_StopsTheKey_TwiceChangesNothing_UnknownIs404()
    {
        var (_, root, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(root);
        var made = await CreateKeyAsync(http, new { name = "temp" });
        var id = made.GetProperty("id").GetString()!;
        using var victim = Gateway.Http(made.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync("/v1/generations")).StatusCode);

        using var revoked = await http.DeleteAsync($"/v1/api-keys/{id}");
        var revokedBody = JsonDocument.Parse(await revoked.Content.ReadAsStringAsync()).RootElement;
        await Poll.UntilAsync(async () => (await victim.GetAsync("/v1/generations")).StatusCode, s => s == HttpStatusCode.Unauthorized, NotifyTimeout, "the revoked key is refused");
        using var again = await http.DeleteAsync($"/v1/api-keys/{id}");
        using var unknown = await http.DeleteAsync($"/v1/api-keys/{Guid.NewGuid()}");
        using var malformed = await http.DeleteAsync("/v1/api-keys/not-a-uuid");

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("revoked", revokedBody.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(revokedBody.GetProperty("revoked_at").GetString(), JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("revoked_at").GetString());
        await ProblemAssert.ResponseAsync(unknown, HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await ProblemAssert.ResponseAsync(malformed, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task Rotate_AtOnceOrWithGrace_TheNewKeyTakesOver()
    {
        var (_, root, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(root);
        var first = await CreateKeyAsync(http, new { name = "worker", scopes = GenerateAndRead });
        var second = await CreateKeyAsync(http, new { name = "deploy", scopes = ReadOnly });
        using var firstHttp = Gateway.Http(first.GetProperty("key").GetString()!);
        using var secondHttp = Gateway.Http(second.GetProperty("key").GetString()!);

        using var atOnce = await http.PostAsync($"/v1/api-keys/{first.GetProperty("id").GetString()}/rotate", null);
        var rotated = JsonDocument.Parse(await atOnce.Content.ReadAsStringAsync()).RootElement;
        using var withGrace = await http.PostAsJsonAsync($"/v1/api-keys/{second.GetProperty("id").GetString()}/rotate", new { old_key_expires_in_seconds = 3600 });
        var graced = JsonDocument.Parse(await withGrace.Content.ReadAsStringAsync()).RootElement;
        await Poll.UntilAsync(async () => (await firstHttp.GetAsync("/v1/generations")).StatusCode, s => s == HttpStatusCode.Unauthorized, NotifyTimeout, "the key rotated at once is refused");
        using var newFirst = Gateway.Http(rotated.GetProperty("new_key").GetProperty("key").GetString()!);
        using var newSecond = Gateway.Http(graced.GetProperty("new_key").GetProperty("key").GetString()!);
        using var rotateRevoked = await http.PostAsync($"/v1/api-keys/{first.GetProperty("id").GetString()}/rotate", null);

        // A replica whose clock is two hours ahead: the grace period is over there.
        await using var later = await GatewayInstance.StartAsync(ConnectionString, AudioRoot, Hosts, services: s => s.AddSingleton<TimeProvider>(new ShiftedTimeProvider(TimeSpan.FromHours(2))));
        using var secondLater = later.Http(second.GetProperty("key").GetString()!);
        using var newSecondLater = later.Http(graced.GetProperty("new_key").GetProperty("key").GetString()!);

        Assert.Equal(HttpStatusCode.Created, atOnce.StatusCode);
        Assert.Equal("revoked", rotated.GetProperty("old_key").GetProperty("status").GetString());
        Assert.Equal(["generate", "read"], Scopes(rotated.GetProperty("new_key")));
        Assert.Equal("worker", rotated.GetProperty("new_key").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await newFirst.GetAsync("/v1/generations")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, withGrace.StatusCode);
        Assert.Equal("expiring", graced.GetProperty("old_key").GetProperty("status").GetString());
        Assert.InRange(graced.GetProperty("old_key").GetProperty("expires_at").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Equal(HttpStatusCode.OK, (await secondHttp.GetAsync("/v1/generations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newSecond.GetAsync("/v1/generations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await secondLater.GetAsync("/v1/generations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newSecondLater.GetAsync("/v1/generations")).StatusCode);
        await ProblemAssert.ResponseAsync(rotateRevoked, HttpStatusCode.Conflict, ProblemTypes.Conflict);
    }

    [Fact]
    public async Task HostileBodies_AreRefusedNamingEachField_AndNothingIsMade()
    {
        var (tenantId, root, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(root);

        using var several = await http.PostAsJsonAsync("/v1/api-keys", new { name = "a\u0007b", scopes = HostileScopes });
        using var longName = await http.PostAsJsonAsync("/v1/api-keys", new { name = new string('n', 65) });
        using var brokenUnicode = await http.PostAsync("/v1/api-keys", new StringContent("{\"name\":\"\\ud800x\"}", Encoding.UTF8, "application/json"));
        using var noScopes = await http.PostAsJsonAsync("/v1/api-keys", new { scopes = Array.Empty<string>() });
        using var unknownField = await http.PostAsJsonAsync("/v1/api-keys", new { name = "x", admin = true });
        using var wrongType = await http.PostAsJsonAsync("/v1/api-keys", new { scopes = "read" });
        using var invalidUtf8 = await http.PostAsync("/v1/api-keys", new ByteArrayContent([.. "{\"name\":\""u8, 0xC3, 0x28, .. "\"}"u8]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        using var notJson = await http.PostAsync("/v1/api-keys", new StringContent("{", Encoding.UTF8, "application/json"));
        using var huge = await http.PostAsync("/v1/api-keys", new StringContent($"{{\"name\":\"{new string('x', 10_000)}\"}}", Encoding.UTF8, "application/json"));
        using var badGrace = await http.PostAsJsonAsync($"/v1/api-keys/{Guid.NewGuid()}/rotate", new { old_key_expires_in_seconds = 604801 });

        var errors = (await ProblemAssert.ResponseAsync(several, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("scopes[0]", out _));
        Assert.True(errors.TryGetProperty("scopes[2]", out _));
        Assert.False(errors.TryGetProperty("scopes[1]", out _));
        Assert.True((await ProblemAssert.ResponseAsync(longName, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest)).GetProperty("errors").TryGetProperty("name", out _));
        Assert.True((await ProblemAssert.ResponseAsync(brokenUnicode, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest)).GetProperty("errors").TryGetProperty("name", out _));
        Assert.True((await ProblemAssert.ResponseAsync(noScopes, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest)).GetProperty("errors").TryGetProperty("scopes", out _));
        Assert.True((await ProblemAssert.ResponseAsync(unknownField, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest)).GetProperty("errors").TryGetProperty("admin", out _));
        Assert.True((await ProblemAssert.ResponseAsync(wrongType, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest)).GetProperty("errors").TryGetProperty("scopes", out _));
        Assert.True((await ProblemAssert.ResponseAsync(invalidUtf8, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest)).GetProperty("errors").TryGetProperty("name", out _));
        Assert.True((await ProblemAssert.ResponseAsync(notJson, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest)).GetProperty("errors").TryGetProperty("body", out _));
        await ProblemAssert.ResponseAsync(huge, HttpStatusCode.RequestEntityTooLarge, ProblemTypes.BodyTooLarge);
        Assert.True((await ProblemAssert.ResponseAsync(badGrace, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest)).GetProperty("errors").TryGetProperty("old_key_expires_in_seconds", out _));
        Assert.Single(await Gateway.Accounts.ListKeysAsync(tenantId));
    }

    [Fact]
    public async Task AtTheLimitOfWorkingKeys_Answers409_UntilOneIsRevoked()
    {
        var (tenantId, root, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(root);
        var extra = new List<Guid>();
        for (var i = 1; i < ApiKeysController.MaxActiveKeys; i++)
        {
            extra.Add((await Gateway.Accounts.CreateKeyAsync(tenantId, "k" + i, test: false)).Info.Id);
        }

        using var over = await http.PostAsJsonAsync("/v1/api-keys", new { name = "one too many" });
        await Gateway.Accounts.RevokeKeyAsync(extra[0]);
        using var afterRevoke = await http.PostAsJsonAsync("/v1/api-keys", new { name = "fits again" });

        await ProblemAssert.ResponseAsync(over, HttpStatusCode.Conflict, ProblemTypes.Conflict);
        Assert.Equal(HttpStatusCode.Created, afterRevoke.StatusCode);
    }

    [Fact]
    public async Task IdempotencyKey_IsNotHonoured_SoNoSecretIsEverStored()
    {
        var (tenantId, root, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(root);
        var keys = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/api-keys") { Content = JsonContent.Create(new { name = "retried" }) };
            request.Headers.Add("Idempotency-Key", "same-key");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            keys.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!);
        }

        await using var command = Gateway.DataSource.CreateCommand("select count(*) from idempotency_keys where tenant_id = $1");
        command.Parameters.AddWithValue(tenantId);
        Assert.NotEqual(keys[0], keys[1]);
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task EveryOperationThatNeedsAKey_RequiresExactlyOneScope()
    {
        var endpoints = Gateway.Services.GetServices<Microsoft.AspNetCore.Routing.EndpointDataSource>().SelectMany(s => s.Endpoints).ToList();
        var authenticated = endpoints
            .Where(e => e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Count > 0
                && e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null)
            .ToList();

        var unscoped = authenticated.Where(e => e.Metadata.GetOrderedMetadata<Mureka.Gateway.Auth.RequireScopeAttribute>().Select(a => a.Scope).Distinct().Count() != 1).Select(e => e.DisplayName).ToList();

        Assert.True(authenticated.Count >= 20, $"only {authenticated.Count} authenticated endpoints found");
        Assert.Empty(unscoped);
    }
}
