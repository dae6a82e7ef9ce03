using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Downloads;
using Mureka.Gateway.Internal;

namespace Mureka.Gateway.Generations;

/// <summary>
/// <c>GET /v1/generations/{id}/events</c> as server-sent events: <c>queued</c> and <c>running</c> (with the stage and
/// the fraction rendered) while it is on its way, then one final <c>succeeded</c>, <c>failed</c> or <c>canceled</c>
/// whose data is the whole generation, and the stream ends. A <c>heartbeat</c> is sent when nothing else was for
/// <see cref="HeartbeatInterval"/>, so proxies keep the connection open.
/// </summary>
internal static class GenerationEvents
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>How long a client waits before reconnecting after the stream broke (it then gets the current state).</summary>
    public static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(2);

    public static async IAsyncEnumerable<SseItem<string>> StreamAsync(
        GenerationFollower follower, Guid tenantId, GenerationView start, DownloadLinks links, TimeProvider timeProvider, [EnumeratorCancellation] CancellationToken ct)
    {
        var following = new Following();
        long sequence = 0;
        var progress = follower.FollowAsync(tenantId, start, following, ct)
            .Where(m => m.EventCase == StreamGenerationResponse.EventOneofCase.Progress)
            .Select(m => (SseItem<string>?)Progress(start.Record.Id, m.Progress));
        await foreach (var item in Heartbeat.Merge(progress, HeartbeatInterval, timeProvider, ct))
        {
            yield return Numbered(item ?? new SseItem<string>("{}", "heartbeat"), ++sequence);
        }

        // A generation that no longer exists ends the stream without a final event.
        if (following.Finished is not { } finished)
        {
            yield break;
        }

        yield return Numbered(new SseItem<string>(System.Text.Encoding.UTF8.GetString(GenerationResource.JsonOf(finished, await links.SignerAsync(ct))), finished.Record.Status), ++sequence);
    }

    private static SseItem<string> Progress(Guid id, GenerationProgress progress)
    {
        var status = GenerationMapper.ToWire(progress.Status);
        var data = JsonSerializer.Serialize(new ProgressEvent(id, status, progress.Stage, Math.Clamp(progress.Fraction, 0, 1)), GatewayJson.Compact);
        return new SseItem<string>(data, status);
    }

    private static SseItem<string> Numbered(SseItem<string> item, long sequence) =>
        item with { EventId = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), ReconnectionInterval = ReconnectAfter };

    /// <summary>The data of a <c>queued</c> or <c>running</c> event.</summary>
    internal sealed record ProgressEvent(Guid Id, string Status, string Stage, double Fraction);
}
