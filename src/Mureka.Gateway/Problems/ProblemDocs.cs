using System.Globalization;
using System.Net;
using System.Text;

namespace Mureka.Gateway.Problems;

/// <summary>
/// The pages the problem <c>type</c>s point to: <c>/docs/problems</c> lists every problem, <c>/docs/problems/{slug}</c>
/// explains one. Plain HTML made from <see cref="ProblemTypes"/>, so a new type is documented the moment it exists.
/// </summary>
internal static class ProblemDocs
{
    private const string Html = "text/html; charset=utf-8";

    private static readonly string Navigation =
        $"<p><a href=\"{OpenApi.ApiReference.Path}\">API reference</a> · <a href=\"{WebConsole.WebConsoleExtensions.PathPrefix}/\">Console</a></p>";

    public static IEndpointRouteBuilder MapProblemDocs(this IEndpointRouteBuilder app)
    {
        var index = Page("Errors", IndexBody());
        var pages = ProblemTypes.All.ToDictionary(t => t.Slug, t => Page(t.Title, TypeBody(t)), StringComparer.Ordinal);
        app.MapGet(ProblemTypes.PathPrefix.TrimEnd('/'), () => Results.Text(index, Html)).ExcludeFromDescription();
        app.MapGet(ProblemTypes.PathPrefix + "{slug}", (string slug) =>
                pages.TryGetValue(slug, out var page)
                    ? Results.Text(page, Html)
                    : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No problem type is called '{slug}'. They are listed at {ProblemTypes.PathPrefix.TrimEnd('/')}."))
            .ExcludeFromDescription();
        return app;
    }

    private static string IndexBody()
    {
        var html = new StringBuilder(Navigation).Append("<h1>Errors</h1><p>Every error is an <code>application/problem+json</code> body (RFC 9457) with ")
            .Append("<code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, <code>instance</code> and ")
            .Append("<code>request_id</code> (also sent as the <code>Request-Id</code> header on every response); invalid input adds ")
            .Append("<code>errors</code>, which names every invalid field at once.</p><table><tr><th>Status</th><th>Type</th><th>When</th></tr>");
        foreach (var type in ProblemTypes.All)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{type.Status}</td><td><a href=\"{Encode(type.Uri)}\">{Encode(type.Slug)}</a></td><td>{Encode(type.Cause)}</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static string TypeBody(ProblemType type) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            {Navigation}<p><a href="{Encode(ProblemTypes.PathPrefix.TrimEnd('/'))}">All errors</a></p>
            <h1>{Encode(type.Title)}</h1>
            <p>HTTP {type.Status} · <code>type: {Encode(type.Uri)}</code></p>
            <h2>When</h2><p>{Encode(type.Cause)}</p>
            <h2>What to do</h2><p>{Encode(type.Remedy)}</p>
            """);

    private static string Page(string title, string body) =>
        $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{{Encode(title)}} · Mureka API</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}td,th{text-align:left;padding:.25rem .75rem .25rem 0;vertical-align:top}code{background:#f3f3f3;padding:0 .2rem}</style>
        </head><body>{{body}}</body></html>
        """;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
