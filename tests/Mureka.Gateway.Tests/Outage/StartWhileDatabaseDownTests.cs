using System.Net;
using System.Net.Http.Json;
using Grpc.Health.V1;
using Mureka.Accounts;
using Mureka.Gateway.Readiness;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Outage;

/// <summary>A gateway started while PostgreSQL is down stays up, is not ready, and becomes ready (migrated) and serving once it is back.</summary>
public sealed class StartWhileDatabaseDownTests : OwnDatabaseStack
{
    [Fact]
    public async Task StartedWhileDatabaseDown_NotReadyThenReadyAndServing()
    {
        await Postgres.StopAsync();

        var gateway = await StartGatewayAsync();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await HealthAsync(gateway, ""));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(gateway, HealthExtensions.LivenessService));
        using (var unknownKey = gateway.Http(ApiKeyFormat.Generate(test: false)))
        using (var response = await unknownKey.GetAsync("/v1/generations"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        await Postgres.StartAgainAsync();

        // Migrations retry with backoff (at most 5 s apart); readiness follows them.
        await Poll.UntilAsync(() => HealthAsync(gateway, ""), s => s == HealthCheckResponse.Types.ServingStatus.Serving, TimeSpan.FromSeconds(60), "readiness SERVING");
        var (_, key, _) = await gateway.CreateTenantAsync();
        using var http = gateway.Http(key);
        using var created = await http.PostAsJsonAsync("/v1/generations", new { genre = "solo-piano", duration_ms = 2000, seed = 9, format = "wav" });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        using var list = await http.GetAsync("/v1/generations");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }
}
