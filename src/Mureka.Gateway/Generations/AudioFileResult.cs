using Microsoft.AspNetCore.Mvc;

namespace Mureka.Gateway.Generations;

/// <summary>
/// A ranged audio download whose 416 (the <c>Range</c> lies outside the file) is a problem+json like every
/// other error: the file result itself answers 416 with the audio content type and no body.
/// </summary>
internal sealed class AudioFileResult(FileStreamResult inner) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await inner.ExecuteResultAsync(context);
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status416RangeNotSatisfiable || response.HasStarted)
        {
            return;
        }

        response.ContentType = null;
        response.ContentLength = null;
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status416RangeNotSatisfiable,
                Title = "Range Not Satisfiable",
                Detail = $"The requested range ({context.HttpContext.Request.Headers.Range}) is not within the file; see Content-Range for its size.",
            },
        });
    }
}
