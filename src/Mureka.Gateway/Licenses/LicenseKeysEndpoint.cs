using Mureka.Licensing;

namespace Mureka.Gateway.Licenses;

/// <summary>
/// The public keys that verify licence certificates, as a JSON Web Key Set at a well-known URL, anonymous: anyone a
/// file is passed on to can check its certificate. Retired keys stay in the set; a rotation only adds one.
/// </summary>
public static class LicenseKeysEndpoint
{
    public const string Path = "/.well-known/mureka-license-keys.json";

    public static IEndpointRouteBuilder MapLicenseKeys(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (LicenseSigningKeys keys, HttpContext http, CancellationToken cancellationToken) =>
            {
                var published = await keys.PublishedAsync(cancellationToken);
                // Verifiers may cache the set briefly; a key added by a rotation appears within the cache time.
                http.Response.Headers.CacheControl = "public, max-age=300";
                return TypedResults.Json(new { keys = published.Select(k => new { kty = "EC", crv = "P-256", k.X, k.Y, kid = k.Kid, use = "sig", alg = "ES256" }) }, GatewayJson.Compact);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }

    public static IServiceCollection AddLicenses(this IServiceCollection services) =>
        services.AddSingleton<LicenseSigningKeys>().AddSingleton<LicenseIssuer>();
}
