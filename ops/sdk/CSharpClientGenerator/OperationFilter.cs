using NSwag;

namespace Mureka.Sdk.Generator;

/// <summary>
/// Drops what the client does not call before it is generated: operations customers never call (Stripe's webhook into
/// the API), and the <c>multipart/form-data</c> form of a body that also takes JSON (the SDK sends a theme as base64 in
/// JSON; the file upload is for curl and browsers, and two body forms would merge into one confused method).
/// </summary>
internal static class OperationFilter
{
    /// <summary>Tags whose operations are called by others than API key holders.</summary>
    public static readonly IReadOnlySet<string> NotForCustomers = new HashSet<string>(StringComparer.Ordinal) { "billing" };

    public static void RemoveTagged(OpenApiDocument document, IReadOnlySet<string> tags)
    {
        foreach (var operation in document.Paths.Values.SelectMany(item => item.Values))
        {
            if (operation.RequestBody?.Content is { } content && content.ContainsKey("application/json"))
            {
                content.Remove("multipart/form-data");
            }
        }

        foreach (var (path, item) in document.Paths.ToList())
        {
            foreach (var (method, operation) in item.ToList())
            {
                if (operation.Tags.Any(tags.Contains))
                {
                    item.Remove(method);
                }
            }

            if (item.Count == 0)
            {
                document.Paths.Remove(path);
            }
        }

        // Then the schemas only those operations and bodies used (until none is left unreferenced).
        while (document.Components.Schemas.Keys.FirstOrDefault(name => !document.ToJson().Contains($"\"#/components/schemas/{name}\"", StringComparison.Ordinal)) is { } unused)
        {
            document.Components.Schemas.Remove(unused);
        }
    }
}
