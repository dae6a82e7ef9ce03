using Microsoft.AspNetCore.Mvc;

namespace Mureka.Gateway.Internal;

/// <summary>Runs a minimal-API result (e.g. server-sent events) from a controller action that may also answer with a problem.</summary>
internal sealed class ResultAction(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
