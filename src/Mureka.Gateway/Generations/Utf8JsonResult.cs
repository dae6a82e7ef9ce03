using Microsoft.AspNetCore.Mvc;

namespace Mureka.Gateway.Generations;

/// <summary>Writes already-serialised JSON as it is: no formatter selection, no re-encoding, no range logic.</summary>
public sealed class Utf8JsonResult(byte[] body) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.HttpContext.RequestAborted).AsTask();
    }
}
