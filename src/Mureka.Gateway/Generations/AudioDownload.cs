using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Mureka.Gateway.Data;
using Mureka.Gateway.Problems;
using Mureka.Gateway.Storage;

namespace Mureka.Gateway.Generations;

/// <summary>
/// Serves one audio object of a generation, the same way for the authenticated download and a signed link:
/// 409 before it succeeded, 410 past retention, then a redirect to the object store or the bytes with ranges.
/// </summary>
public sealed class AudioDownload(IAudioStore store, AudioRetention retention)
{
    public async Task<IActionResult> ServeAsync(HttpContext context, GenerationView view, string name, string planId, CancellationToken cancellationToken)
    {
        if (view.Record.Status != GenerationStatuses.Succeeded)
        {
            return ProblemResults.Problem(ProblemTypes.Conflict, $"The generation is {view.Record.Status}; audio exists once it succeeded.", "The audio is not available.");
        }

        var audio = view.Audio.FirstOrDefault(a => a.Name == name);
        if (await retention.ExpiredAtAsync(view, audio, planId, cancellationToken) is { } expiredAt)
        {
            return ProblemResults.Problem(ProblemTypes.AudioExpired, AudioRetention.Explain(expiredAt));
        }

        if (audio is null)
        {
            return NoAudioObject(name);
        }

        // Strong ETag from the content hash: Range, If-Range and If-None-Match are handled by the file result.
        var entityTag = new EntityTagHeaderValue($"\"{audio.Sha256}\"");
        if (await store.GetDownloadUrlAsync(audio.StorageKey, cancellationToken) is { } url)
        {
            return AudioRedirect.To(context, url, entityTag);
        }

        var stream = await store.OpenReadAsync(audio.StorageKey, cancellationToken);
        if (stream is null)
        {
            return NoAudioObject(name);
        }

        return new AudioFileResult(new FileStreamResult(stream, audio.ContentType) { EntityTag = entityTag, EnableRangeProcessing = true });
    }

    private static ObjectResult NoAudioObject(string name) =>
        ProblemResults.Problem(ProblemTypes.NotFound, $"This generation has no audio object '{name}'.");
}
