using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mureka.Sdk.Tests.Support;

/// <summary>A real HTTP server on loopback that answers each request with the next scripted response (the last one repeats).</summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<DateTimeOffset> _requests = new();
    private readonly ConcurrentQueue<string> _idempotencyKeys = new();

    private ScriptedServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<DateTimeOffset> Requests => [.. _requests];

    /// <summary>The <c>Idempotency-Key</c> of each request, empty where it had none.</summary>
    public IReadOnlyList<string> IdempotencyKeys => [.. _idempotencyKeys];

    public static async Task<ScriptedServer> StartAsync(params Func<HttpContext, Task>[] responses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedServer(app);
        app.Run(context =>
        {
            server._idempotencyKeys.Enqueue(context.Request.Headers["Idempotency-Key"].ToString());
            server._requests.Enqueue(TimeProvider.System.GetUtcNow());
            return responses[Math.Min(server._requests.Count, responses.Length) - 1](context);
        });
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First());
        return server;
    }

    public static Func<HttpContext, Task> Problem(int status, string title, int? retryAfterSeconds = null) => context =>
    {
        context.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync($$"""{"title":"{{title}}","status":{{status}}}""");
    };

    public static Func<HttpContext, Task> Json(int status, string body) => context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
