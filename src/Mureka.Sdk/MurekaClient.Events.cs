using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Mureka.Sdk;

public sealed partial class MurekaClient
{
    /// <summary>
    /// The generation's server-sent events (<c>GET /v1/generations/{id}/events</c>): <c>queued</c> and <c>running</c>
    /// with the host's render progress, then one final event carrying the finished generation, after which the
    /// sequence ends. Heartbeats are left out.
    /// </summary>
    /// <exception cref="MurekaProblemException">The API refused the request (404 for an unknown id).</exception>
    /// <exception cref="IOException">The stream ended before the generation finished (the connection broke).</exception>
    public async IAsyncEnumerable<GenerationEvent> StreamEventsAsync(Guid id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/generations/{id}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await MurekaProblemException.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                if (GenerationEvent.Parse(item.EventType, item.Data) is not { } update)
                {
                    continue;
                }

                yield return update;
                if (update.Generation is not null)
                {
                    yield break;
                }
            }
        }

        throw new IOException($"The event stream of generation {id} ended before it finished.");
    }
}

/// <summary>One event of a generation's stream.</summary>
/// <param name="Type"><see cref="Queued"/>, <see cref="Running"/>, or the final status (<c>succeeded</c>, <c>failed</c>, <c>canceled</c>).</param>
/// <param name="Stage">The host's step while running (e.g. <c>rendering</c>).</param>
/// <param name="Fraction">The part rendered so far, 0 to 1.</param>
/// <param name="Generation">The finished generation, on the final event only.</param>
public sealed record GenerationEvent(string Type, string? Stage, double Fraction, Generation? Generation)
{
    public const string Queued = "queued";
    public const string Running = "running";

    /// <returns>Null for heartbeats and event types this version does not know.</returns>
    internal static GenerationEvent? Parse(string type, string data)
    {
        switch (type)
        {
            case Queued or Running:
                using (var progress = JsonDocument.Parse(data))
                {
                    var root = progress.RootElement;
                    var stage = root.TryGetProperty("stage", out var s) ? s.GetString() : null;
                    var fraction = root.TryGetProperty("fraction", out var f) && f.TryGetDouble(out var value) ? value : 0;
                    return new GenerationEvent(type, stage, fraction, null);
                }

            case "succeeded" or "failed" or "canceled":
                var generation = JsonSerializer.Deserialize<Generation>(data, MurekaApiClient.SharedJsonOptions)
                    ?? throw new JsonException($"The {type} event carries no generation.");
                return new GenerationEvent(type, null, 1, generation);
            default:
                return null;
        }
    }
}
