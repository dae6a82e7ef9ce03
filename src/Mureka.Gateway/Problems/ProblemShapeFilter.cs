using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Mureka.Gateway.Problems;

/// <summary>
/// Gives a controller's problem results (which MVC writes without the problem-details service) the same shape
/// as every other problem. Runs after MVC has turned bare error statuses into problems.
/// </summary>
internal sealed class ProblemShapeFilter : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is ObjectResult { Value: ProblemDetails problem } result)
        {
            problem.Status ??= result.StatusCode;
            ProblemShape.Complete(context.HttpContext, problem);
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
