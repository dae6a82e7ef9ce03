using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Mureka.Gateway.Generations;

/// <summary>
/// A download answered by the object store itself: 302 to a presigned URL. The answer carries the audio's ETag and a
/// client that already holds that version gets 304 without the round trip; the URL expires, so nothing may cache it.
/// </summary>
internal static class AudioRedirect
{
    public static IActionResult To(HttpContext context, Uri url, EntityTagHeaderValue entityTag)
    {
        var response = context.Response;
        response.Headers.ETag = entityTag.ToString();
        response.Headers.CacheControl = "no-store";
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(entityTag, useStrongComparison: false)))
        {
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }

        return new RedirectResult(url.AbsoluteUri, permanent: false);
    }
}
