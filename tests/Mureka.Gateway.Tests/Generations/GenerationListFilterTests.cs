using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.Generations;

/// <summary>The generation list narrowed by status and genre, over REST and gRPC; dispatch disabled so statuses hold still.</summary>
[Collection(StackCollection.Name)]
public sealed class GenerationListFilterTests(StackFixture stack) : GatewayTestBase(stack)
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Gateway:DispatchEnabled"] = "false";

    [Fact]
    public async Task StatusAndGenre_NarrowTheList_AndPageWithTheSameFilters()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);
        var jazz = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            jazz.Add((await PostGenerationAsync(http, new { genre = "jazz", duration_ms = 2000, seed = i })).GetProperty("id").GetString()!);
        }

        var rock = (await PostGenerationAsync(http, new { genre = "rock", duration_ms = 2000 })).GetProperty("id").GetString()!;
        // A genre only named in the prompt counts as the genre it resolved to.
        var prompted = (await PostGenerationAsync(http, new { prompt = "smoky late-night jazz trio", duration_ms = 2000 })).GetProperty("id").GetString()!;
        (await http.PostAsync($"/v1/generations/{jazz[0]}/cancel", null)).Dispose();
        (await http.PostAsync($"/v1/generations/{rock}/cancel", null)).Dispose();

        Assert.Equal([prompted, jazz[2], jazz[1], jazz[0]], await GenerationListing.IdsAsync(http, "genre=jazz"));
        Assert.Equal([rock, jazz[0]], await GenerationListing.IdsAsync(http, "status=canceled"));
        Assert.Equal([jazz[0]], await GenerationListing.IdsAsync(http, "status=canceled&genre=jazz"));
        Assert.Equal([prompted, jazz[2], jazz[1]], await GenerationListing.IdsAsync(http, "status=queued&genre=jazz"));
        Assert.Empty(await GenerationListing.IdsAsync(http, "status=succeeded"));
        // Pages of one, the filters sent again with each cursor.
        Assert.Equal([prompted, jazz[2], jazz[1]], await GenerationListing.IdsAsync(http, "status=queued&genre=jazz&limit=1"));

        var grpc = await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest { Status = "canceled", Genre = "jazz" }, GatewayInstance.Auth(key));
        Assert.Equal([jazz[0]], grpc.Generations.Select(g => g.Id));
    }

    [Fact]
    public async Task UnknownStatusAndGenre_Return400NamingBoth_RestAndGrpc()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        using var http = Gateway.Http(key);

        using var bad = await http.GetAsync("/v1/generations?status=done&genre=" + Uri.EscapeDataString("jazz\u0000<script>"));
        using var cased = await http.GetAsync("/v1/generations?status=Queued");
        var grpc = await Assert.ThrowsAsync<RpcException>(async () =>
            await Gateway.Grpc.ListGenerationsAsync(new ListGenerationsRequest { Status = "done", Genre = "polka" }, GatewayInstance.Auth(key)));

        var problem = await ProblemAssert.ResponseAsync(bad, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("status", out _));
        Assert.True(errors.TryGetProperty("genre", out _));
        Assert.DoesNotContain("script", problem.GetRawText(), StringComparison.Ordinal);
        await ProblemAssert.ResponseAsync(cased, HttpStatusCode.BadRequest, ProblemTypes.InvalidRequest);
        Assert.Equal(StatusCode.InvalidArgument, grpc.StatusCode);
        Assert.Contains("status", grpc.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("genre", grpc.Status.Detail, StringComparison.Ordinal);
    }
}
