namespace Mureka.Gateway.Problems;

/// <summary>
/// Every response carries <c>Request-Id</c>: an id made here (never taken from the caller, so it cannot be forged
/// into logs), unique across replicas, the same as the <c>request_id</c> of a problem body and the request's
/// <see cref="HttpContext.TraceIdentifier"/>. A customer quotes it to support.
/// </summary>
internal static class RequestIds
{
    public const string Header = "Request-Id";

    public static IApplicationBuilder UseRequestIds(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        context.TraceIdentifier = "req_" + Guid.NewGuid().ToString("N");

        // Set when the response starts: the exception handler clears headers set before it.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[Header] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
