using Microsoft.AspNetCore.Mvc;
using Mureka.Contracts.Api.V1;
using Mureka.Gateway.Data;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Storage;

namespace Mureka.Gateway.Generations;

/// <summary>
/// The mix of a generation that is still queued or running, sent as it renders: the answer starts with the first
/// bytes the host streams (chunked, no length), goes on live, and ends with the rest of the stored file once the job
/// succeeded. A job that fails or is canceled after bytes went out aborts the connection, so a client never mistakes a
/// cut-off track for a whole one; before any byte it answers the problem the ordinary download would.
/// </summary>
internal sealed class ProgressiveAudioResult(GenerationFollower follower, IAudioStore store, AudioDownload download, GenerationView start, string planId) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var ct = http.RequestAborted;
        var following = new Following();
        var started = false;
        await foreach (var message in follower.FollowAsync(start.Record.TenantId, start, following, ct))
        {
            if (message.EventCase != StreamGenerationResponse.EventOneofCase.Audio)
            {
                continue;
            }

            if (!started)
            {
                http.Response.StatusCode = StatusCodes.Status200OK;
                http.Response.ContentType = message.Audio.ContentType;
                http.Response.Headers.CacheControl = "no-store";
                started = true;
            }

            await http.Response.Body.WriteAsync(message.Audio.Data.Memory, ct);
            await http.Response.Body.FlushAsync(ct);
        }

        var finished = following.Finished;
        if (!started)
        {
            // Nothing went out live (it ran on another replica, or finished before the first byte): answer as the download does.
            var answer = finished is null ? ProblemResults.NotFound() : await download.ServeAsync(http, finished, "mix", planId, ct);
            await ExecuteShapedAsync(context, answer);
            return;
        }

        if (finished?.Record.Status != GenerationStatuses.Succeeded || finished.Audio.FirstOrDefault(a => a.Name == "mix") is not { } mix)
        {
            http.Abort();
            return;
        }

        try
        {
            await foreach (var (_, data) in StoredAudioChunks.ReadAsync(store, mix, following.AudioOffset, ct))
            {
                await http.Response.Body.WriteAsync(data, ct);
            }
        }
        catch (FileNotFoundException)
        {
            http.Abort();
        }
    }

    private static Task ExecuteShapedAsync(ActionContext context, IActionResult result)
    {
        if (result is ObjectResult { Value: ProblemDetails problem })
        {
            ProblemShape.Complete(context.HttpContext, problem);
        }

        return result.ExecuteResultAsync(context);
    }
}
