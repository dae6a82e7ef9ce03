using NSwag;

namespace Mureka.Sdk.Generator;

/// <summary>Drops operations customers never call (Stripe's webhook into the API) before the client is generated.</summary>
internal static class OperationFilter
{
    /// <summary>Tags whose operations are called by others than API key holders.</summary>
    public static readonly IReadOnlySet<string> NotForCustomers = new HashSet<string>(StringComparer.Ordinal) { "billing" };

    public static void RemoveTagged(OpenApiDocument document, IReadOnlySet<string> tags)
    {
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

        // Then the schemas only those operations used (until none is left unreferenced).
        while (document.Components.Schemas.Keys.FirstOrDefault(name => !document.ToJson().Contains($"\"#/components/schemas/{name}\"", StringComparison.Ordinal)) is { } unused)
        {
            document.Components.Schemas.Remove(unused);
        }
    }
}
