using System.Net;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Tests.Problems;
using Mureka.Gateway.Tests.Support;

namespace Mureka.Gateway.Tests.WebConsole;

/// <summary>How the gateway serves the console and the API reference: anonymous, locked down, and nothing else exposed.</summary>
[Collection(StackCollection.Name)]
public sealed class WebConsoleServingTests(StackFixture stack) : GatewayTestBase(stack)
{
    [Fact]
    public async Task Console_ServedAnonymously_WithAStrictContentSecurityPolicy()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Gateway.RestUrl) };

        using var root = await http.GetAsync("/");
        using var bare = await http.GetAsync("/console");
        using var index = await http.GetAsync("/console/");
        using var script = await http.GetAsync("/console/js/app.js");
        using var missing = await http.GetAsync("/console/js/nope.js");

        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/console/", root.Headers.Location?.OriginalString);
        Assert.Equal("/console/", bare.Headers.Location?.AbsolutePath ?? bare.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(" ", index.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", index.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(index.Headers.Contains("Request-Id"));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(script.Headers.ETag);
        await ProblemAssert.ResponseAsync(missing, HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task ApiReference_RendersTheCommittedDocument_BesideTheProblemPages()
    {
        using var http = Gateway.Http(null);

        var reference = await http.GetStringAsync("/docs");
        using var problems = await http.GetAsync("/docs/problems");
        using var problem = await http.GetAsync(ProblemTypes.InvalidRequest.Uri);

        // Scalar names the document relative to the site's root.
        Assert.Contains($"\"url\":\"{OpenApi.OpenApiExtensions.DocumentPath.TrimStart('/')}\"", reference, StringComparison.Ordinal);
        Assert.Contains("<script src=\"scalar.js\">", reference, StringComparison.Ordinal);
        // Scalar's script comes from the gateway, not a CDN, so the reference works on a closed network.
        Assert.DoesNotContain("cdn.jsdelivr.net", reference, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, problems.StatusCode);
        Assert.Equal(HttpStatusCode.OK, problem.StatusCode);
        Assert.Contains("API reference", await problem.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
