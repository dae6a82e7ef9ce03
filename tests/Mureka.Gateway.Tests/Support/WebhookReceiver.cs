using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mureka.Webhooks;

namespace Mureka.Gateway.Tests.Support;

/// <summary>A real HTTP server on a loopback port that records every webhook request and answers with scripted status codes (200 once the script is used up).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentQueue<int> _answers = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The URL to register (path <c>/hooks</c>).</summary>
    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedWebhook> Received => _received.ToArray();

    /// <summary>The next requests get these status codes, in order.</summary>
    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver._received.Enqueue(new ReceivedWebhook(
                context.Request.Headers[WebhookHeaders.Signature].ToString(),
                context.Request.Headers[WebhookHeaders.EventId].ToString(),
                context.Request.Headers[WebhookHeaders.EventType].ToString(),
                context.Request.ContentType,
                body.ToArray(),
                TimeProvider.System.GetUtcNow()));
            context.Response.StatusCode = receiver._answers.TryDequeue(out var status) ? status : StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/hooks";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the receiver saw it, with the raw body bytes the signature covers.</summary>
public sealed record ReceivedWebhook(string Signature, string EventId, string EventType, string? ContentType, byte[] Body, DateTimeOffset ReceivedAt);
