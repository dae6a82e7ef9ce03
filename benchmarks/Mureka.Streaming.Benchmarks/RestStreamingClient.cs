using System.Net.Http.Json;
using System.Text.Json;

namespace Mureka.Streaming.Benchmarks;

/// <summary>
/// The REST API: POST /v1/generations, then GET /v1/generations/{id}/audio/stream, the progressive download that
/// answers with the host's first bytes and ends with the last once the generation succeeded. Every read that
/// returns bytes is an audio event; the end of the body is "finished".
/// </summary>
public sealed class RestStreamingClient(HttpClient client) : StreamingClient
{
    private const int ReadBufferBytes = 64 * 1024;

    public override string Protocol => "REST";

    protected override async Task FollowAsync(TrackRequest request, RequestTrace trace, Func<double> now, CancellationToken cancellationToken)
    {
        using (var created = await client.PostAsJsonAsync(
            "/v1/generations",
            new { genre = request.Genre, duration_ms = request.Seconds * 1000L, seed = request.Seed, format = request.Format },
            cancellationToken))
        {
            await EnsureSuccessAsync(created, cancellationToken);
            using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync(cancellationToken));
            trace.Id = body.RootElement.GetProperty("id").GetString();
            trace.Events.Add(new TraceEvent(now(), "created"));
        }

        using var response = await client.GetAsync($"/v1/generations/{trace.Id}/audio/stream", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await using var audio = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[ReadBufferBytes];
        int read;
        while ((read = await audio.ReadAsync(buffer, cancellationToken)) > 0)
        {
            trace.AddAudio(now(), buffer.AsSpan(0, read));
        }

        trace.Events.Add(new TraceEvent(now(), "finished"));
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
