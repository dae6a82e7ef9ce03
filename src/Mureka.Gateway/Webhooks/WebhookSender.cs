using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Mureka.Gateway.Data;
using Mureka.Gateway.AdaptiveSets;
using Mureka.Gateway.Generations;
using Mureka.Gateway.Webhooks.Internal;
using Mureka.Webhooks;

namespace Mureka.Gateway.Webhooks;

/// <summary>Renders, signs and sends one delivery attempt. Never throws for a receiver's fault: that is an outcome.</summary>
public sealed class WebhookSender(IHttpClientFactory httpClients, GenerationRepository generations, TimeProvider timeProvider)
{
    public const string HttpClientName = "webhooks";

    /// <returns>The outcome, or null when the generation no longer exists (nothing to send).</returns>
    public async Task<AttemptOutcome?> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var body = await RenderAsync(delivery, cancellationToken);
        if (body is null)
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd("Mureka-Webhooks/1");
        request.Headers.Add(WebhookHeaders.EventId, delivery.EventId);
        request.Headers.Add(WebhookHeaders.EventType, delivery.EventType);
        request.Headers.Add(WebhookHeaders.Signature, WebhookSignature.Sign(delivery.Secret, body, timeProvider.GetUtcNow()));

        var started = Stopwatch.GetTimestamp();
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return new AttemptOutcome(status, Stopwatch.GetElapsedTime(started), status is >= 200 and < 300 ? null : $"the endpoint answered HTTP {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(null, Stopwatch.GetElapsedTime(started), "timed out waiting for the endpoint");
        }
        catch (HttpRequestException e)
        {
            return new AttemptOutcome(null, Stopwatch.GetElapsedTime(started), Describe(e));
        }
    }

    /// <summary>The event as JSON: the generation exactly as GET /v1/generations/{id} shows it (finished generations never change).</summary>
    internal async Task<byte[]?> RenderAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        var record = await generations.GetAnyTenantAsync(delivery.GenerationId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var audio = record.Status == GenerationStatuses.Succeeded ? await generations.ListAudioAsync([record.Id], cancellationToken) : [];
        var document = new WebhookEventDocument(
            delivery.EventId, delivery.EventType, GenerationResource.Utc(delivery.EventCreatedAt), record.Livemode,
            // No signed links: a retried delivery may arrive after they expired; the receiver reads the generation for fresh ones.
            record.IsAdaptiveSet
                ? new WebhookEventData(null, AdaptiveSetResource.From(new GenerationView(record, audio), progress: null))
                : new WebhookEventData(GenerationResource.From(new GenerationView(record, audio), links: null)));
        return JsonSerializer.SerializeToUtf8Bytes(document, GatewayJson.Compact);
    }

    // Short, tenant-facing reasons; the URL and secret are not repeated in them.
    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookDestinationRefusedException refused)
            {
                return refused.Message;
            }
        }

        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host name could not be resolved",
            HttpRequestError.ConnectionError => "could not connect to the endpoint",
            HttpRequestError.SecureConnectionError => "the TLS handshake with the endpoint failed",
            HttpRequestError.ResponseEnded => "the endpoint closed the connection before answering",
            HttpRequestError.InvalidResponse => "the endpoint sent an invalid HTTP response",
            _ => "the request to the endpoint failed",
        };
    }
}
